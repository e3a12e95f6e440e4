import { z } from 'zod';

/** The format operators write in `flows/*.flow.yaml`; published as `flows/flow.schema.json`. */

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _');
const key = z
  .string()
  .min(1)
  .describe('i18n key, relative to the flow namespace unless it has a ":"');
const optionId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, _ and -');

export interface OptionInput {
  id: string;
  label?: string | undefined;
  options?: (string | OptionInput)[] | undefined;
}
const option: z.ZodType<string | OptionInput> = z.lazy(() =>
  z.union([
    optionId,
    z.strictObject({
      id: optionId,
      label: key.optional(),
      options: z.array(option).min(1).optional(),
    }),
  ]),
);

const condition = z.union([
  z.strictObject({ answer: id, is: z.union([z.string(), z.array(z.string()).min(1)]) }),
  z.strictObject({ answer: id, includes: z.union([z.string(), z.array(z.string()).min(1)]) }),
  z.strictObject({ answer: id, isSet: z.boolean() }),
  z.strictObject({ newHints: id }),
]);

const answer = z.union([z.string(), z.array(z.string()), z.null()]);

export const nodeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('say'), text: key, next: id }),
  z.strictObject({ kind: z.literal('help'), next: id }),
  z.strictObject({
    kind: z.literal('choice'),
    question: id,
    text: key,
    textMore: key.optional(),
    options: z.union([z.literal('languages'), z.array(option).min(1)]),
    multi: z.boolean().optional(),
    skip: z.boolean().default(true),
    groupQuestion: id.optional(),
    emptyValue: answer.optional(),
    hints: z.boolean().optional(),
    textHinted: key.optional(),
    next: id,
  }),
  z.strictObject({
    kind: z.literal('yesno'),
    question: id,
    text: key,
    unsure: z.boolean().default(false),
    skip: z.boolean().default(true),
    once: z.boolean().optional(),
    next: id,
  }),
  z.strictObject({
    kind: z.literal('text'),
    question: id,
    text: key,
    skip: z.boolean().default(true),
    once: z.boolean().optional(),
    next: id,
  }),
  z.strictObject({ kind: z.literal('set'), values: z.record(id, answer), next: id }),
  z.strictObject({
    kind: z.literal('branch'),
    cases: z.array(z.strictObject({ when: condition, next: id })).min(1),
    otherwise: id,
  }),
  z.strictObject({ kind: z.literal('ticket'), next: id }),
  z.strictObject({ kind: z.literal('services'), next: id }),
  z.strictObject({ kind: z.literal('resume'), next: id }),
  z.strictObject({
    kind: z.literal('end'),
    text: key.optional(),
    discard: z.boolean().default(false),
  }),
]);

export const flowFileSchema = z.strictObject({
  $schema: z.string().optional(),
  id,
  version: z.int().positive(),
  start: id,
  onDanger: id.optional(),
  nodes: z.record(id, nodeSchema),
});

export type FlowFile = z.infer<typeof flowFileSchema>;

export const flowJsonSchema = (): unknown =>
  z.toJSONSchema(flowFileSchema, { io: 'input', unrepresentable: 'any' });
