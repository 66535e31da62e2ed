/** Plain GET form: works without JavaScript. */
export function CompareForm({ name, versions }: { name: string; versions: number[] }) {
  const [newest, previous] = versions;
  return (
    <form method="get" action={`/models/${name}/compare`} className="flex items-center gap-2 text-tremor-default" aria-label="Compare versions">
      <label htmlFor="compare-a" className="text-tremor-content">Compare</label>
      <select id="compare-a" name="a" defaultValue={previous} className="field-input w-auto py-1.5">
        {versions.map((v) => <option key={v} value={v}>v{v}</option>)}
      </select>
      <label htmlFor="compare-b" className="text-tremor-content">with</label>
      <select id="compare-b" name="b" defaultValue={newest} className="field-input w-auto py-1.5">
        {versions.map((v) => <option key={v} value={v}>v{v}</option>)}
      </select>
      <button type="submit" className="btn-secondary py-1.5">Compare</button>
    </form>
  );
}
