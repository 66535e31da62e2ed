// The group rules as the settings form edits them (text fields), and back (pure).

import type { FairnessSettings, SettingsView } from './fairness-types';

export interface DraftRule {
  name: string;
  included: boolean;
  kind: 'categorical' | 'numeric';
  /** Comma-separated edges, for numeric attributes. */
  edges: string;
  privileged: string;
}

export interface SettingsDraft {
  rules: DraftRule[];
  intersections: string[][];
  /** '' = the model's positive class. */
  favourableClass: string;
  minGroupSize: string;
  bootstrapReplicates: string;
  scheduleWindowDays: string;
}

/** One row per attribute the model card declares or a stored rule names. */
export function draftOf(view: SettingsView): SettingsDraft {
  const { settings } = view;
  const names = [...new Set([...view.protectedAttributes, ...settings.attributes.map((a) => a.name)])];
  return {
    rules: names.map((name) => {
      const rule = settings.attributes.find((a) => a.name === name);
      return {
        name,
        included: rule !== undefined,
        kind: rule?.kind ?? 'categorical',
        edges: rule?.kind === 'numeric' ? rule.edges.join(', ') : '',
        privileged: rule?.privileged ?? '',
      };
    }),
    intersections: settings.intersections.map((c) => [...c]),
    favourableClass: settings.favourableClass ?? '',
    minGroupSize: String(settings.minGroupSize),
    bootstrapReplicates: String(settings.bootstrapReplicates),
    scheduleWindowDays: String(settings.scheduleWindowDays),
  };
}

function parseEdges(name: string, text: string): number[] | string {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return `Give ${name} at least one bucket edge.`;
  const edges = parts.map(Number);
  if (!edges.every(Number.isFinite)) return `The edges of ${name} must be numbers.`;
  if (!edges.every((v, i) => i === 0 || v > edges[i - 1]!)) return `The edges of ${name} must increase strictly.`;
  return edges;
}

/** The settings to save, or the first thing wrong with the draft. */
export function settingsOf(draft: SettingsDraft, bootstrapSeed: number): { settings: FairnessSettings; error: null } | { settings: null; error: string } {
  const attributes: FairnessSettings['attributes'] = [];
  for (const rule of draft.rules.filter((r) => r.included)) {
    const privileged = rule.privileged.trim() || null;
    if (rule.kind === 'categorical') {
      attributes.push({ name: rule.name, kind: 'categorical', privileged });
      continue;
    }
    const edges = parseEdges(rule.name, rule.edges);
    if (typeof edges === 'string') return { settings: null, error: edges };
    attributes.push({ name: rule.name, kind: 'numeric', edges, privileged });
  }
  const grouped = new Set(attributes.map((a) => a.name));
  const orphan = draft.intersections.find((combo) => combo.some((n) => !grouped.has(n)));
  if (orphan) return { settings: null, error: `The intersection ${orphan.join(' × ')} uses an attribute that is no longer grouped: remove it or group by the attribute.` };
  const integer = (text: string, label: string) => (/^\d+$/.test(text.trim()) ? Number(text) : `${label} must be a whole number.`);
  const minGroupSize = integer(draft.minGroupSize, 'The minimum group size');
  const bootstrapReplicates = integer(draft.bootstrapReplicates, 'The number of bootstrap replicates');
  const scheduleWindowDays = integer(draft.scheduleWindowDays, 'The scheduled window');
  for (const v of [minGroupSize, bootstrapReplicates, scheduleWindowDays]) if (typeof v === 'string') return { settings: null, error: v };
  return {
    settings: {
      attributes,
      intersections: draft.intersections,
      favourableClass: draft.favourableClass || null,
      minGroupSize: minGroupSize as number,
      bootstrapReplicates: bootstrapReplicates as number,
      bootstrapSeed,
      scheduleWindowDays: scheduleWindowDays as number,
    },
    error: null,
  };
}
