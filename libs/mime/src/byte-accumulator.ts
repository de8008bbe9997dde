const STAGE_SIZE = 16 * 1024;
const SMALL = 1024;

/**
 * Collects byte runs without one array entry per input chunk: small pieces are copied into
 * a shared staging buffer, large ones are kept as views. Feeding a message one byte at a
 * time therefore costs memory proportional to the bytes, not to the number of writes.
 */
export class ByteAccumulator {
  private parts: Buffer[] = [];
  private stage: Buffer | null = null;
  private stageStart = 0;
  private stageEnd = 0;
  private total = 0;

  get size(): number {
    return this.total;
  }

  push(buf: Buffer): void {
    if (buf.length === 0) return;
    this.total += buf.length;
    if (buf.length >= SMALL) {
      this.seal();
      this.parts.push(buf);
      return;
    }
    if (!this.stage || this.stageEnd + buf.length > this.stage.length) {
      this.seal();
      this.stage = Buffer.allocUnsafe(STAGE_SIZE);
      this.stageStart = 0;
      this.stageEnd = 0;
    }
    this.stageEnd += buf.copy(this.stage, this.stageEnd);
  }

  /** Hands over the collected pieces and resets the accumulator. */
  take(): Buffer[] {
    this.seal();
    const parts = this.parts;
    this.parts = [];
    this.stage = null;
    this.total = 0;
    return parts;
  }

  /** The collected bytes copied into one new Buffer, so the result never pins caller memory; resets. */
  concat(): Buffer {
    const size = this.total;
    return Buffer.concat(this.take(), size);
  }

  private seal(): void {
    if (this.stage && this.stageEnd > this.stageStart) {
      this.parts.push(this.stage.subarray(this.stageStart, this.stageEnd));
      this.stageStart = this.stageEnd;
    }
  }
}
