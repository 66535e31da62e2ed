import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csvFromText, receiveCsv } from './received-csv';

// Reading an upload chunk by chunk: the text and digest must not depend on where chunks end.

async function* split(bytes: Uint8Array, at: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const to of [...at, bytes.byteLength]) {
    yield bytes.subarray(from, to);
    from = to;
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\r\nZoë,名字 😀\r\n')]);

describe('receiveCsv', () => {
  it('gives the same text and the digest of the raw bytes whatever the chunk edges (BOM kept for the parser)', async () => {
    for (let cut = 0; cut <= bytes.byteLength; cut++) {
      for (const at of [[cut], [Math.floor(cut / 2), cut]]) {
        const received = await receiveCsv(split(bytes, at));
        expect(received.text).toBe('\ufeffa,b\r\nZoë,名字 😀\r\n');
        expect(received.sha256).toBe(sha256(bytes));
      }
    }
  });

  it('refuses malformed UTF-8, even a sequence cut off at the very end, and NUL', async () => {
    await expect(receiveCsv(split(Buffer.concat([bytes, Buffer.from([0xe5, 0x90])]), [bytes.byteLength]))).rejects.toThrow(/not valid UTF-8/);
    await expect(receiveCsv(split(Buffer.from([0x61, 0xff, 0x62]), [1]))).rejects.toThrow(/not valid UTF-8/);
    await expect(receiveCsv(split(Buffer.from('a,b\n1,\u0000\n'), [5]))).rejects.toThrow(/NUL character on line 2/);
  });

  it('digests text held in process as its UTF-8 bytes', () => {
    expect(csvFromText(bytes.toString('utf8')).sha256).toBe(sha256(bytes));
  });
});
