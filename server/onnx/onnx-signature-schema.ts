import { z } from 'zod';
import { ONNX_ELEMENT_TYPES, VALUE_KINDS, type OnnxSignature } from './onnx-signature';

// Kept apart from onnx-signature.ts so the validation thread, which imports that file, does
// not pay for loading zod at every start.

/** For reading a signature back from JSON (jsonb columns, job payloads). */
export const tensorInfoSchema = z.object({
  name: z.string(),
  kind: z.enum(VALUE_KINDS),
  elementType: z.enum(ONNX_ELEMENT_TYPES),
  shape: z.array(z.union([z.number().int(), z.string(), z.null()])).nullable(),
});
export const onnxSignatureSchema: z.ZodType<OnnxSignature> = z.object({
  irVersion: z.number().int(),
  opsetImports: z.array(z.object({ domain: z.string(), version: z.number().int() })),
  producerName: z.string(),
  producerVersion: z.string(),
  inputs: z.array(tensorInfoSchema),
  outputs: z.array(tensorInfoSchema),
});
