// Fairness reports judge favourable decisions per group, so they apply to binary classifiers
// only: a regressor decides nothing, and a multiclass model's K classes have no single
// favourable outcome to compare rates of. The report service refuses the others and the
// promotion gate calls itself not applicable, both with this reason. Pure.

/** Why a model of this task type gets no fairness report ("a regression model, …"); null when it does. */
export function fairnessInapplicable(taskType: string | undefined): string | null {
  if (taskType === undefined || taskType === 'binary_classification') return null;
  return taskType === 'regression' ? 'a regression model, which makes no decision' : 'a multiclass model, with no single favourable outcome';
}
