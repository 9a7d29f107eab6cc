/**
 * The window between accepting a send (or regenerate) and its turn starting, when the object awaits D1 and the
 * Limiter with no turn to show for it yet: a second send in it is refused, and a delete waits for it to close.
 */
export class ClaimGate {
  private closed: Promise<void> | null = null;
  private close: () => void = () => {};

  /** True while a claim is open. */
  get open(): boolean {
    return this.closed !== null;
  }

  /** Opens the gate (the caller checked it was not open). */
  begin(): void {
    this.closed = new Promise((resolve) => {
      this.close = resolve;
    });
  }

  /** Closes it: the turn started, or the claim failed. Idempotent. */
  end(): void {
    this.closed = null;
    this.close();
  }

  /** Resolves once no claim is open. */
  async settled(): Promise<void> {
    while (this.closed) await this.closed;
  }
}
