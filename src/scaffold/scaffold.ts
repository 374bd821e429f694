import { nnfSosNameProblem } from '../validate/rules/nnf-sos';
import { DW_PROFILE_NAME, parseImageReference } from '../rendered';

/**
 * New profile files: from a template (non-MPI or MPI) or as a copy of a shipped example. Pure:
 * names and text in, source text out. Every file it makes passes synth as written: a pinned
 * image, a declared job storage used through `storage.path()`.
 */

/** A profile name is `profile=` of `#DW container` (`DW_PROFILE_NAME`), and a DNS label (the file name and metadata.name). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const COPY_OFFLOAD = /\bcopy[- ]?offload\b/i;

/** The images the templates start from; both are in the registries the shipped site allows. */
export const TEMPLATE_IMAGES = {
  single: 'alpine:3.20',
  // nnf-mfu carries Open MPI, an ssh server and nslookup; the NNF examples and docs use this tag.
  mpi: 'ghcr.io/nearnodeflash/nnf-mfu:master',
} as const;

/** Why `name` cannot name a profile, or undefined when it can. */
export function profileNameProblem(name: string): string | undefined {
  if (!DW_PROFILE_NAME.test(name)) {
    return `'${name}' cannot be selected by any #DW container directive: profile names match ${DW_PROFILE_NAME.source} (lower-case letters, digits and -, starting with a letter, at least 2 characters)`;
  }
  if (name.length > 63 || !DNS_LABEL.test(name)) {
    return `'${name}' is not a DNS label (at most 63 characters, ending in a letter or digit), which the profile's file and object name must be`;
  }
  return nnfSosNameProblem(name);
}

/** Why `image` is not a pinned image reference, or undefined when it is. */
export function imageProblem(image: string): string | undefined {
  const parsed = parseImageReference(image);
  if ('problem' in parsed) return `the image reference ${parsed.problem}`;
  if (parsed.digest === undefined && (parsed.tag === undefined || parsed.tag === 'latest')) {
    return `'${image}' floats (${parsed.tag === undefined ? 'no tag' : ':latest'}), so nodes may keep running a stale copy; pin a version tag or a digest`;
  }
  return undefined;
}

export interface TemplateOptions {
  readonly name: string;
  /** An MPI profile (launcher and workers) instead of a single pod. @default false */
  readonly mpi?: boolean;
  /** @default TEMPLATE_IMAGES.single or TEMPLATE_IMAGES.mpi */
  readonly image?: string;
}

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A new profile file from the template. */
export function profileFromTemplate(options: TemplateOptions): string {
  const { name } = options;
  const image = quote(options.image ?? (options.mpi ? TEMPLATE_IMAGES.mpi : TEMPLATE_IMAGES.single));
  const usage = [
    `// ${name}: TODO say what it runs. A job selects it with`,
    '//   #DW jobdw type=gfs2 capacity=100GiB name=my-storage',
    `//   #DW container name=my-container profile=${name} DW_JOB_scratch=my-storage`,
  ];
  if (!options.mpi) {
    return [
      `import type { Construct } from 'constructs';`,
      `import { ContainerProfile, Storage } from '../src';`,
      '',
      ...usage,
      "// Inside the container, scratch.path() is the storage's mount path (scratch.path('out') a path below it).",
      `const scratch = Storage.job('scratch');`,
      '',
      'export default (scope: Construct) =>',
      `  new ContainerProfile(scope, ${quote(name)}, {`,
      '    storages: [scratch],',
      '    containers: [',
      '      {',
      `        name: 'app',`,
      `        image: ${image},`,
      `        command: ['ls', '-l', scratch.path()],`,
      '      },',
      '    ],',
      '  });',
      '',
    ].join('\n');
  }
  return [
    `import type { Construct } from 'constructs';`,
    `import { MpiContainerProfile, Storage } from '../src';`,
    '',
    ...usage,
    '// The launcher runs mpirun and reaches the workers over ssh: the image needs Open MPI, an ssh',
    '// server and nslookup (nnf-mfu has them and makes a good base image).',
    `const scratch = Storage.job('scratch');`,
    '',
    'export default (scope: Construct) =>',
    `  new MpiContainerProfile(scope, ${quote(name)}, {`,
    `    image: ${image},`,
    '    storages: [scratch],',
    '    launcher: {',
    `      containers: [{ name: 'launcher', command: ['mpirun', 'ls', '-l', scratch.path()] }],`,
    '    },',
    `    worker: { containers: [{ name: 'worker' }] },`,
    '  });',
    '',
  ].join('\n');
}

/**
 * A copy of an example profile's file under a new name: the profile's name, and container names
 * derived from it (`example-mpi-launcher` → `<name>-launcher`), are replaced. A derived container
 * name that would not be a DNS label, or would read as a copy-offload container, is kept.
 */
export function profileFromExample(example: { readonly name: string; readonly source: string }, name: string): string {
  const quotedName = `'${example.name}'`;
  if (!example.source.includes(quotedName)) throw new Error(`the example file does not name its profile '${example.name}'`);
  const renamed = example.source.replace(
    new RegExp(`'${example.name.replace(/[-.]/g, '\\$&')}(-[a-z0-9-]*)?'`, 'g'),
    (whole, suffix?: string) => {
      if (suffix === undefined) return `'${name}'`;
      const derived = `${name}${suffix}`;
      return derived.length <= 63 && DNS_LABEL.test(derived) && !COPY_OFFLOAD.test(derived) ? `'${derived}'` : whole;
    },
  );
  // The note goes after the imports, above the example's own description.
  const cut = renamed.indexOf('\n\n');
  const note = `// Copied from examples/${example.name}.ts by 'nnf-profiles new'.`;
  return cut < 0 ? `${note}\n${renamed}` : `${renamed.slice(0, cut + 2)}${note}\n${renamed.slice(cut + 2)}`;
}
