import type { TransferEncodingKind } from './content-headers.parser';

/** Incremental Content-Transfer-Encoding decoder: output never depends on how input is chunked. */
export interface TransferDecoder {
  write(chunk: Buffer): Buffer;
  end(): Buffer;
}

const EMPTY = Buffer.alloc(0);

function isB64(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2b ||
    c === 0x2f
  );
}

/** Lenient base64: anything outside the alphabet (line breaks, padding, junk) is skipped. */
class Base64Decoder implements TransferDecoder {
  private carry = '';

  write(chunk: Buffer): Buffer {
    const clean = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    for (const c of chunk) if (isB64(c)) clean[n++] = c;
    const text = this.carry + clean.toString('latin1', 0, n);
    const usable = text.length - (text.length % 4);
    this.carry = text.slice(usable);
    return usable > 0 ? Buffer.from(text.slice(0, usable), 'base64') : EMPTY;
  }

  end(): Buffer {
    const rest = this.carry.length > 1 ? Buffer.from(this.carry, 'base64') : EMPTY;
    this.carry = '';
    return rest;
  }
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

const MAX_HELD_WHITESPACE = 1024;

/**
 * Quoted-printable per RFC 2045 section 6.7: `=XX` escapes, soft line breaks (also with
 * trailing padding after the `=`), and trailing whitespace on a line is transport padding.
 * Malformed escapes are kept literally. Bytes whose meaning depends on what follows are
 * held back until the next chunk.
 */
class QuotedPrintableDecoder implements TransferDecoder {
  private carry: Buffer = EMPTY;

  write(chunk: Buffer): Buffer {
    return this.run(this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk, false);
  }

  end(): Buffer {
    const data = this.carry;
    this.carry = EMPTY;
    return this.run(data, true);
  }

  private run(data: Buffer, final: boolean): Buffer {
    const out = Buffer.allocUnsafe(data.length);
    let o = 0;
    let i = 0;
    const n = data.length;
    const hold = (from: number): void => {
      this.carry = Buffer.from(data.subarray(from));
      i = n;
    };
    this.carry = EMPTY;
    while (i < n) {
      const c = data[i] as number;
      if (c === 0x3d) {
        let j = i + 1;
        while (j < n && (data[j] === 0x20 || data[j] === 0x09)) j++;
        if (j >= n && !final) {
          hold(i);
          break;
        }
        if (data[j] === 0x0a) {
          i = j + 1;
          continue;
        }
        if (data[j] === 0x0d) {
          if (j + 1 >= n && !final) {
            hold(i);
            break;
          }
          if (data[j + 1] === 0x0a) {
            i = j + 2;
            continue;
          }
        }
        const hi = hexValue(data[i + 1]);
        const lo = hexValue(data[i + 2]);
        if (hi >= 0 && i + 2 >= n && !final) {
          hold(i);
          break;
        }
        if (hi >= 0 && lo >= 0) {
          out[o++] = hi * 16 + lo;
          i += 3;
          continue;
        }
        out[o++] = c;
        i++;
      } else if (c === 0x20 || c === 0x09) {
        let j = i;
        while (j < n && (data[j] === 0x20 || data[j] === 0x09)) j++;
        if (j >= n && !final && j - i < MAX_HELD_WHITESPACE) {
          hold(i);
          break;
        }
        if (data[j] === 0x0d && j + 1 >= n && !final) {
          hold(i);
          break;
        }
        const eol = j >= n || data[j] === 0x0a || (data[j] === 0x0d && data[j + 1] === 0x0a);
        if (!eol) o += data.copy(out, o, i, j);
        i = j;
      } else {
        out[o++] = c;
        i++;
      }
    }
    return out.subarray(0, o);
  }
}

class IdentityDecoder implements TransferDecoder {
  write(chunk: Buffer): Buffer {
    return chunk;
  }

  end(): Buffer {
    return EMPTY;
  }
}

export function createTransferDecoder(kind: TransferEncodingKind): TransferDecoder {
  switch (kind) {
    case 'base64':
      return new Base64Decoder();
    case 'quoted-printable':
      return new QuotedPrintableDecoder();
    case 'identity':
      return new IdentityDecoder();
  }
}
