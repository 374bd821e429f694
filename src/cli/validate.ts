import { API_VERSIONS, apiVersionFromGroupVersion, isApiVersion, PROFILE_KIND } from '../model';
import { formatFinding, isError, layersHelp } from '../validate/finding';
import { readDocuments, UnusableYamlError } from '../yaml/read-documents';
import { SchemaRegistry, SchemaSourceError } from '../validate/schema';
import { type ValidationInput, validateProfileObjects } from '../validate/validate-objects';
import { plural } from '../text';
import { type Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseOptions, UsageError } from './command';

const HELP = `Usage: nnf-profiles validate [--cluster] [--api-version V] [--crd FILE]... [--namespace NS] FILE...

Checks NnfContainerProfile YAML from anywhere - files you wrote, or what
'kubectl get nnfcontainerprofiles -n nnf-system -o yaml' prints - with the
checks synth runs: the CRD schema with its defaults applied, the NNF
operator's admission rules, the #DW directive rules and references.
Multi-document files and 'kind: List' are read; other kinds are skipped.
An object in a served version that is not its CRD's storage version (in the
shipped CRDs, or --crd's) is judged as the cluster judges it: converted to the
storage version and checked by that version's webhook; fields the conversion
drops are job findings, as the cluster stores the profile without them.
The files of one run are checked as one cluster's profiles (two with one
name and namespace are an error), so check each environment on its own.

Each problem begins with its layer:
${layersHelp()}
Without --cluster every layer is reported and all but lint are errors.

Options:
  --cluster         judge as the cluster does: report only what it refuses
                    (cluster findings), and exit 1 only for those
  --api-version V   check every object as version V instead of its apiVersion
  --crd FILE        use the site's NnfContainerProfile CRD instead of the
                    schemas this project ships (repeatable)
  --namespace NS    the profile namespace; objects without one are checked as
                    if they were in it (default: nnf-system)
  -h, --help        show this help

Exit status: 0 no errors (lint warnings allowed), 1 errors found, 2 unusable input
(unreadable, not YAML, or no objects at all: an empty file or standard input).

Examples:
  nnf-profiles validate dist/production/*.yaml
  kubectl get nnfcontainerprofiles -n nnf-system -o yaml | nnf-profiles validate -
  nnf-profiles validate --crd nnf-crds.yaml --api-version v1alpha8 old-profile.yaml`;

/** Input the checks cannot run on: reported with exit status 2. */
class UnusableInput extends Error {}

/** The profiles in a file's documents, lists flattened; the count of other objects skipped. */
function profilesIn(file: string, documents: unknown[], versionOverride: string | undefined) {
  const objects = documents.flatMap((doc) => {
    const object = doc as { kind?: unknown; items?: unknown };
    return object?.kind === 'List' && Array.isArray(object.items) ? object.items : [doc];
  });
  const profiles = objects.filter((o) => (o as { kind?: unknown })?.kind === PROFILE_KIND);
  for (const profile of profiles) {
    const groupVersion = String((profile as { apiVersion?: unknown }).apiVersion);
    if (versionOverride === undefined && apiVersionFromGroupVersion(groupVersion) === undefined) {
      throw new UnusableInput(
        `${file}: apiVersion ${groupVersion} is not a profile version this tool knows (${API_VERSIONS.join(', ')}); ` +
          'use --api-version to check it as one of them',
      );
    }
  }
  return {
    profiles: profiles.map((object): ValidationInput => ({ file: file === '-' ? '(stdin)' : file, object })),
    skipped: objects.length - profiles.length,
  };
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check NnfContainerProfile YAML as the cluster would',
  help: HELP,
  run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        cluster: { type: 'boolean' },
        'api-version': { type: 'string' },
        crd: { type: 'string', multiple: true },
        namespace: { type: 'string' },
      },
      true,
    );
    if (positionals.length === 0) throw new UsageError('name at least one YAML file (or - for standard input)');
    const apiVersion = values['api-version'];
    if (apiVersion !== undefined && !isApiVersion(apiVersion)) {
      throw new UsageError(`--api-version ${apiVersion}: not a supported version (supported: ${API_VERSIONS.join(', ')})`);
    }
    try {
      const schemas = values.crd ? SchemaRegistry.fromCrdFiles(values.crd) : SchemaRegistry.fromArtifacts();
      const inputs: ValidationInput[] = [];
      let skipped = 0;
      for (const file of positionals) {
        const documents = readDocuments(file);
        // An empty input is a mistake upstream (a failed kubectl, a wrong path), not a clean cluster.
        if (documents.length === 0) throw new UnusableInput(file === '-' ? 'no objects on standard input' : `no objects in ${file}`);
        const found = profilesIn(file, documents, apiVersion);
        inputs.push(...found.profiles);
        skipped += found.skipped;
      }
      for (const version of new Set(
        inputs.map((i) => apiVersion ?? apiVersionFromGroupVersion(String((i.object as { apiVersion?: unknown }).apiVersion))),
      )) {
        if (version && !schemas.get(version))
          throw new UnusableInput(`${values.crd?.join(', ') ?? 'the shipped schemas'}: no served schema for ${version}`);
      }
      const all = validateProfileObjects(inputs, { schemas, apiVersion, profileNamespace: values.namespace, crdFor: schemas.crdFor });
      const findings = values.cluster ? all.filter((f) => f.layer === 'cluster') : all;
      for (const finding of findings) console.error(formatFinding(finding));
      const errors = findings.filter(isError).length;
      const note = skipped > 0 ? `, ${plural(skipped, 'other object')} skipped` : '';
      const counts = values.cluster
        ? `${plural(errors, 'refusal')} by the cluster${all.length > errors ? ` (${plural(all.length - errors, 'finding')} of other layers not shown)` : ''}`
        : `${plural(errors, 'error')}, ${plural(findings.length - errors, 'warning')}`;
      console.log(`validate: ${plural(inputs.length, 'profile')}, ${counts}${note}`);
      return errors > 0 ? EXIT_FAILED : EXIT_OK;
    } catch (error) {
      if (error instanceof UnusableInput || error instanceof UnusableYamlError || error instanceof SchemaSourceError) {
        console.error(`nnf-profiles validate: ${error.message}`);
        return EXIT_USAGE;
      }
      throw error;
    }
  },
};
