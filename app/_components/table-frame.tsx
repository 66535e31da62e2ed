'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The card a table sits in. When the table is wider than the card (a phone), it scrolls
 * sideways and says so: a "scroll →" hint above it and a shadow on the edge that hides
 * columns. The frame takes keyboard focus (arrow keys scroll it) and is named after its
 * table, so the columns beyond the edge are reachable without a mouse.
 */
export function TableFrame({ label, flat = false, children }: { label: string; flat?: boolean; children: ReactNode }) {
  const frame = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState({ left: false, right: false });
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const measure = () => {
      const right = element.scrollWidth - element.clientWidth - element.scrollLeft > 1;
      const left = element.scrollLeft > 1;
      setEdges((was) => (was.left === left && was.right === right ? was : { left, right }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    element.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', measure);
    };
  }, []);
  const scrolls = edges.left || edges.right;
  return (
    <div>
      {scrolls && (
        <p className="mb-1 text-right text-tremor-label text-tremor-content" aria-hidden="true">
          {edges.right ? 'scroll →' : '← scroll'}
        </p>
      )}
      <div className="relative">
        <div
          ref={frame}
          role="group"
          aria-label={scrolls ? `${label} (scrolls sideways)` : label}
          tabIndex={0}
          className={`overflow-x-auto rounded-tremor-default border border-tremor-border bg-white ${flat ? '' : 'shadow-tremor-card'}`}
        >
          {children}
        </div>
        {/* Over the frame's edges, outside the scrolling box, so they stay put while it scrolls. */}
        <div aria-hidden="true" className={`pointer-events-none absolute inset-y-0 left-0 w-6 rounded-l-tremor-default bg-gradient-to-r from-slate-900/15 to-transparent transition-opacity ${edges.left ? 'opacity-100' : 'opacity-0'}`} />
        <div aria-hidden="true" className={`pointer-events-none absolute inset-y-0 right-0 w-6 rounded-r-tremor-default bg-gradient-to-l from-slate-900/15 to-transparent transition-opacity ${edges.right ? 'opacity-100' : 'opacity-0'}`} />
      </div>
    </div>
  );
}
