import type { Config } from 'tailwindcss';

// Tremor's design tokens: without them its components and charts render unstyled or blank.
const chartColors = 'slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose';
const shades = '50|100|200|300|400|500|600|700|800|900|950';

export default {
  content: ['./app/**/*.{ts,tsx}', './node_modules/@tremor/**/*.{js,ts,jsx,tsx}'],
  theme: {
    transparent: 'transparent',
    current: 'currentColor',
    extend: {
      fontFamily: {
        sans: ['Inter', 'ui-sans-serif', 'system-ui', '-apple-system', 'Segoe UI', 'Roboto', 'Helvetica Neue', 'Arial', 'sans-serif'],
        mono: ['ui-monospace', 'SFMono-Regular', 'Menlo', 'Consolas', 'monospace'],
      },
      colors: {
        tremor: {
          brand: { faint: '#eef2ff', muted: '#c7d2fe', subtle: '#818cf8', DEFAULT: '#4f46e5', emphasis: '#3730a3', inverted: '#ffffff' },
          background: { muted: '#f9fafb', subtle: '#f3f4f6', DEFAULT: '#ffffff', emphasis: '#374151' },
          border: { DEFAULT: '#e5e7eb' },
          ring: { DEFAULT: '#e5e7eb' },
          // Every text shade reads at 4.5:1 or more (WCAG AA) on white and on the muted, subtle
          // and indigo-50 backgrounds it sits on: subtle ≥ 4.9:1, default ≥ 6.1:1.
          content: { subtle: '#636a75', DEFAULT: '#4b5563', emphasis: '#374151', strong: '#111827', inverted: '#ffffff' },
        },
      },
      boxShadow: {
        'tremor-input': '0 1px 2px 0 rgb(0 0 0 / 0.05)',
        'tremor-card': '0 1px 3px 0 rgb(0 0 0 / 0.1), 0 1px 2px -1px rgb(0 0 0 / 0.1)',
        'tremor-dropdown': '0 4px 6px -1px rgb(0 0 0 / 0.1), 0 2px 4px -2px rgb(0 0 0 / 0.1)',
      },
      borderRadius: { 'tremor-small': '0.375rem', 'tremor-default': '0.5rem', 'tremor-full': '9999px' },
      fontSize: {
        'tremor-label': ['0.75rem', { lineHeight: '1rem' }],
        'tremor-default': ['0.875rem', { lineHeight: '1.25rem' }],
        'tremor-title': ['1.125rem', { lineHeight: '1.75rem' }],
        'tremor-metric': ['1.875rem', { lineHeight: '2.25rem' }],
      },
    },
  },
  safelist: [
    { pattern: new RegExp(`^(bg|text|border|ring|stroke|fill)-(${chartColors})-(${shades})$`), variants: ['hover', 'ui-selected'] },
  ],
  plugins: [],
} satisfies Config;
