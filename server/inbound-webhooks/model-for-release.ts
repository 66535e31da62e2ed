import { type ReleaseReport } from './release-report';

// A repository may hold several models (a monorepo of models), so a GitHub release has to be
// attributed by its tag. Tags are conventionally `<model>@<version>`, `<model>/<version>`,
// `<model>-v<version>` or `<model>_v<version>`; a workflow may instead be named after the model.
// When that does not single out one model we refuse to guess: a release linked to the wrong
// model would put the wrong version in front of reviewers.

export interface ReleaseCandidate {
  id: string;
  name: string;
  repository: string | null;
}

export type ModelForRelease<M extends ReleaseCandidate> = { model: M; reason: string } | { model: null; reason: string };

const TAG_SEPARATORS = ['@', '/', '-v', '_v'] as const;

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** True when `tag` is `${name}` + a separator + something. */
function tagNamesModel(tag: string, name: string): boolean {
  const lowerTag = tag.toLowerCase();
  const lowerName = name.toLowerCase();
  return TAG_SEPARATORS.some((separator) => {
    const prefix = lowerName + separator;
    return lowerTag.length > prefix.length && lowerTag.startsWith(prefix);
  });
}

function namesModel(report: Pick<ReleaseReport, 'kind' | 'tag' | 'name'>, name: string): boolean {
  if (report.tag !== null && tagNamesModel(report.tag, name)) return true;
  return report.kind === 'github_workflow_run' && report.name !== null && sameText(report.name, name);
}

function describeRelease(report: Pick<ReleaseReport, 'kind' | 'tag' | 'name'>): string {
  const parts = [report.tag === null ? 'no tag' : `tag '${report.tag}'`];
  if (report.kind === 'github_workflow_run') parts.push(report.name === null ? 'no workflow name' : `workflow '${report.name}'`);
  return parts.join(' and ');
}

/**
 * The registered model a GitHub release report belongs to, or null with the reason.
 * `candidates` are the models whose repository is the report's; any other is ignored here
 * too, so a wiring mistake cannot attach a release to another repository's model.
 */
export function modelForRelease<M extends ReleaseCandidate>(
  report: Pick<ReleaseReport, 'kind' | 'repository' | 'tag' | 'name'>,
  candidates: readonly M[],
): ModelForRelease<M> {
  const inRepository = candidates.filter((m) => m.repository !== null && sameText(m.repository, report.repository));
  const [only] = inRepository;
  if (only === undefined) {
    return { model: null, reason: `no registered model has repository '${report.repository}'` };
  }
  if (inRepository.length === 1) {
    return { model: only, reason: `'${only.name}' is the only model registered for '${report.repository}'` };
  }

  const named = inRepository.filter((m) => namesModel(report, m.name));
  const [match] = named;
  const release = describeRelease(report);
  if (match === undefined) {
    const names = inRepository.map((m) => m.name).join(', ');
    return {
      model: null,
      reason: `${inRepository.length} models share '${report.repository}' (${names}) and ${release} names none of them; tag releases like '<model>@<version>'`,
    };
  }
  if (named.length > 1) {
    return { model: null, reason: `${release} matches several models (${named.map((m) => m.name).join(', ')}); refusing to guess` };
  }
  return { model: match, reason: `${release} names '${match.name}'` };
}
