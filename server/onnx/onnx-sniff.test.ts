import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onnx } from './onnx-proto';
import { OnnxSniffer, sniffOnnxFile } from './onnx-sniff';
import { samplePath } from '@/demo/samples/sample-manifest';

let dir: string;
let valid: Buffer;
const file = async (name: string, bytes: Uint8Array | string) => {
  const target = path.join(dir, name);
  await writeFile(target, bytes);
  return target;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-sniff-'));
  valid = await readFile(samplePath('credit-risk-mlp-v1.onnx'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('sniffOnnxFile', () => {
  it.each(['credit-risk-logreg-v1.onnx', 'credit-risk-logreg-v2.onnx', 'credit-risk-mlp-v1.onnx'])('accepts the sample model %s', async (name) => {
    expect(await sniffOnnxFile(samplePath(name))).toEqual({ ok: true });
  });

  it('rejects files that are not ONNX models, saying why', async () => {
    let seed = 11;
    const random = Uint8Array.from({ length: 10_000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), Buffer.alloc(200)]);
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['empty.onnx', '', /the file is empty/],
      ['random.onnx', random, /not an ONNX model/],
      ['notes.txt', 'model accuracy was 0.91\nsee the report\n', /ModelProto does not have.*looks like text/],
      ['model.zip', zip, /looks like a ZIP archive/],
      ['model.json', '{"weights": [1, 2, 3]}', /looks like a JSON document/],
      ['truncated.onnx', valid.subarray(0, valid.length - 10), /claims \d+ bytes but only \d+ remain|ends inside/],
      ['cut-in-tag.onnx', valid.subarray(0, 1), /ends inside/],
    ];
    for (const [name, bytes, reason] of cases) {
      const result = await sniffOnnxFile(await file(name, bytes));
      expect(result, name).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
    }
  });

  it('requires ir_version, a non-empty graph and an operator set', async () => {
    const encode = (model: Parameters<typeof onnx.ModelProto.encode>[0]) => onnx.ModelProto.encode(model).finish();
    const graph = { name: 'g', output: [{ name: 'y' }] };
    const cases: [string, Uint8Array, RegExp][] = [
      ['no-ir.onnx', encode({ graph, opsetImport: [{ version: 17 }] }), /ir_version is missing/],
      ['no-graph.onnx', encode({ irVersion: 8, opsetImport: [{ version: 17 }] }), /has no graph/],
      ['no-opset.onnx', encode({ irVersion: 8, graph }), /imports no operator set/],
    ];
    for (const [name, bytes, reason] of cases) {
      expect(await sniffOnnxFile(await file(name, bytes)), name).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
    }
  });

  it('throws for a file that does not exist: an I/O error, not a verdict', async () => {
    await expect(sniffOnnxFile(path.join(dir, 'missing.onnx'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('OnnxSniffer', () => {
  it('gives the same verdict however the bytes are chunked', () => {
    const oneByOne = new OnnxSniffer();
    for (const byte of valid) expect(oneByOne.push(Uint8Array.of(byte)).ok).toBe(true);
    expect(oneByOne.finish()).toEqual({ ok: true });

    const truncated = new OnnxSniffer();
    truncated.push(valid.subarray(0, 700));
    truncated.push(valid.subarray(700, valid.length - 1));
    expect(truncated.finish()).toMatchObject({ ok: false, reason: expect.stringContaining('truncated') });
  });

  it('stops at the first bad tag without needing the rest of the file', () => {
    const sniffer = new OnnxSniffer();
    // Field 1 with wire type 7 does not exist in protobuf.
    expect(sniffer.push(Uint8Array.of(0x0f, 0x00))).toMatchObject({ ok: false, reason: expect.stringContaining('invalid protobuf wire type 7') });
  });

  it('rejects a known field with the wrong wire type', () => {
    // Field 7 (graph) encoded as a varint.
    expect(new OnnxSniffer().push(Uint8Array.of(0x38, 0x01))).toMatchObject({ ok: false, reason: expect.stringContaining('graph is encoded as varint') });
  });
});
