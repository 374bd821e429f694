import { admissionRules } from './admission';
import type { ProfileRule } from './context';
import { dwsRules } from './dws';
import { envCredentialRules } from './env-credentials';
import { jobRules } from './job';
import { metadataRules } from './metadata';
import { referenceRules } from './references';

export * from './admission';
export * from './context';
export * from './decode';
export * from './duplicates';
export * from './dws';
export * from './env-credentials';
export * from './job';
export * from './metadata';
export * from './nnf-sos';
export * from './pull-secret-references';
export * from './references';

/** Every rule set run over each (defaulted, schema-valid) profile, in report order. */
export const profileRules: ProfileRule[] = [admissionRules, dwsRules, jobRules, referenceRules, metadataRules, envCredentialRules];
