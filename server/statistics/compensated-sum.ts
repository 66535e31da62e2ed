// Neumaier's compensated summation: the running sum plus a correction term that holds the
// low-order bits each addition rounded away. The result is within about one rounding of the
// exact sum for any order of terms, so metrics summed over millions of rows stay equal to
// NumPy's (pairwise summation, itself within O(log n) roundings) far below 1e-9. Pure.

export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const t = this.sum + value;
    // Whichever operand is larger kept its bits; recover what the smaller one lost.
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - t + value;
    else this.compensation += value - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}

/** Σ values, compensated. */
export function compensatedSum(values: ArrayLike<number>): number {
  const total = new CompensatedSum();
  for (let i = 0; i < values.length; i++) total.add(values[i]!);
  return total.value;
}
