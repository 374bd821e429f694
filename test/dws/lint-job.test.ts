import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkJobScript, formatJobFinding, lintJob, type LintJobOptions } from '../../src/dws';
import { PROFILES, profile } from '../helpers/job-profiles';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'jobs');

const NO_DIRECTIVES =
  "found no directive to check: no bare '#DW' line, no '#FLUX: --setattr=dw=...' and no flux command with --setattr=dw=...; a job without them gets no Rabbit storage or container";

type Expected = [line: number, severity: 'error' | 'warning', rule: string, message: string];

interface Case {
  readonly name: string;
  /** Inline script, or */
  readonly script?: string;
  /** a file under test/fixtures/jobs/. */
  readonly fixture?: string;
  readonly options?: LintJobOptions;
  readonly expected: Expected[];
}

const CASES: Case[] = [
  {
    name: 'accepts the seed profile in a Slurm script (other lines ignored)',
    fixture: 'slurm-red-rock-slushy.sh',
    expected: [],
  },
  {
    name: 'accepts the MPI seed profile with a lustre jobdw and a persistentdw; #FLUX: lines are ignored',
    fixture: 'mpi-red-rock-slushy.sh',
    expected: [],
  },
  {
    name: 'joins directives continued with a trailing backslash, as Slurm does',
    fixture: 'continued-lines.sh',
    expected: [],
  },
  {
    name: 'reads CRLF scripts with the right line numbers',
    fixture: 'crlf.sh',
    expected: [
      [
        4,
        'error',
        'job/storage-undeclared',
        'profile red-rock-slushy declares no storage DW_JOB_typo (its storages: DW_JOB_foo_local_storage (required), DW_PERSISTENT_foo_persistent_storage (optional)); remove the argument or use another profile',
      ],
    ],
  },
  {
    name: 'accepts a create_persistent job',
    fixture: 'create-persistent.sh',
    expected: [],
  },
  {
    name: 'reports every mistake of a script, sorted by line',
    fixture: 'mistakes.sh',
    expected: [
      [
        3,
        'error',
        'job/capacity',
        "capacity '10G' does not match <digits><unit> with a unit of KiB, KB, MiB, MB, GiB, GB, TiB, TB; write e.g. 10GiB",
      ],
      [
        3,
        'error',
        'job/name',
        "name 'Scratch' does not match ^[a-z][a-z0-9-]+$; use lower-case letters, digits and -, starting with a letter (at least 2 characters)",
      ],
      [
        4,
        'warning',
        'job/near-miss',
        "this looks like a #DW directive but is not one, so it is ignored; a directive line begins with '#DW' in upper case followed by a space, e.g. '#DW jobdw ...'",
      ],
      [
        5,
        'error',
        'job/unknown-directive',
        "'jbodw' is not a #DW directive (known: jobdw, persistentdw, create_persistent, destroy_persistent, container, copy_in, copy_out); did you mean 'jobdw'?",
      ],
      [
        6,
        'error',
        'job/name',
        "name 'c' does not match ^[a-z][a-z0-9-]+$; use lower-case letters, digits and -, starting with a letter (at least 2 characters)",
      ],
      [
        6,
        'error',
        'job/storage-type',
        'DW_JOB_foo_local_storage=Scratch names the #DW jobdw on line 3, of type xfs, and a container can mount only gfs2 and lustre; use type=gfs2 or type=lustre there',
      ],
      [
        6,
        'error',
        'job/unknown-profile',
        "there is no profile 'red-rock-slush'; did you mean 'red-rock-slushy'? (profiles: archiver, mpi-red-rock-slushy, red-rock-slushy); pick one ('nnf-profiles directives NAME' prints the lines that use it)",
      ],
      [
        8,
        'warning',
        'job/after-commands',
        'this #DW line comes after the first command (line 7), and Slurm reads directives only above it; move it up with the other #DW and #SBATCH lines',
      ],
      [
        8,
        'error',
        'job/single-container',
        'only one #DW container directive is allowed per job and there is one on line 6; run the other container in its own job',
      ],
      [
        8,
        'error',
        'job/storage-missing',
        "profile red-rock-slushy requires DW_JOB_foo_local_storage (it is not optional); add DW_JOB_foo_local_storage=NAME to #DW container and a '#DW jobdw type=gfs2 capacity=... name=NAME' line",
      ],
    ],
  },
  {
    name: 'refuses #DW without a directive',
    script: '#!/bin/bash\n#DW\n',
    expected: [
      [
        2,
        'error',
        'job/unknown-directive',
        "#DW without a directive; write e.g. '#DW jobdw type=gfs2 capacity=100GiB name=scratch' or remove the line",
      ],
    ],
  },
  {
    name: 'refuses words that are not key=value and repeated arguments',
    script: '#DW jobdw type=gfs2 capacity=1GiB name=a1 name=a2 big\n',
    expected: [
      [1, 'error', 'job/argument-syntax', "'big' is not a key=value argument; write each argument as key=value, without spaces around '='"],
      [1, 'error', 'job/duplicate-argument', 'name= is given more than once; give each argument once'],
    ],
  },
  {
    name: 'refuses missing required arguments',
    script: '#DW jobdw name=scratch\n#DW persistentdw\n#DW container profile=red-rock-slushy\n',
    expected: [
      [
        1,
        'error',
        'job/missing-argument',
        '#DW jobdw needs type=; add type=gfs2 or type=lustre (a container can mount only these), or raw or xfs for storage only the compute nodes use',
      ],
      [1, 'error', 'job/missing-argument', '#DW jobdw needs capacity=; add e.g. capacity=100GiB'],
      [
        2,
        'error',
        'job/missing-argument',
        '#DW persistentdw needs name=; add name=NAME (lower-case letters, digits and -, starting with a letter)',
      ],
      [
        3,
        'error',
        'job/missing-argument',
        '#DW container needs name=; add name=NAME (lower-case letters, digits and -, starting with a letter)',
      ],
      [
        3,
        'error',
        'job/storage-missing',
        "profile red-rock-slushy requires DW_JOB_foo_local_storage (it is not optional); add DW_JOB_foo_local_storage=NAME to #DW container and a '#DW jobdw type=gfs2 capacity=... name=NAME' line",
      ],
    ],
  },
  {
    name: 'refuses an argument without a value',
    script: '#DW jobdw type= capacity=1GiB name=x1\n',
    expected: [[1, 'error', 'job/missing-argument', "type= has no value; give one after '=' without a space"]],
  },
  {
    name: 'refuses capacities DWS does not read, saying how to write them',
    script:
      '#DW jobdw type=gfs2 capacity=10gb name=c4\n#DW jobdw type=gfs2 capacity=2.5GB name=c5\n#DW jobdw type=gfs2 capacity=10 GiB name=c6\n#DW jobdw type=gfs2 capacity=10gib name=c1\n#DW jobdw type=gfs2 capacity=1.5TiB name=c2\n#DW jobdw type=gfs2 capacity=100 name=c3\n',
    expected: [
      [
        1,
        'error',
        'job/capacity',
        "capacity '10gb' does not match <digits><unit> with a unit of KiB, KB, MiB, MB, GiB, GB, TiB, TB; write e.g. 10GB",
      ],
      [
        2,
        'error',
        'job/capacity',
        "capacity '2.5GB' does not match <digits><unit> with a unit of KiB, KB, MiB, MB, GiB, GB, TiB, TB; the number must be whole: write 2500MB",
      ],
      [3, 'error', 'job/argument-syntax', "'GiB' is not a key=value argument; write each argument as key=value, without spaces around '='"],
      [
        3,
        'error',
        'job/capacity',
        "capacity '10' does not match <digits><unit> with a unit of KiB, KB, MiB, MB, GiB, GB, TiB, TB; add a unit, e.g. 10GiB",
      ],
      [
        4,
        'error',
        'job/capacity',
        "capacity '10gib' does not match <digits><unit> with a unit of KiB, KB, MiB, MB, GiB, GB, TiB, TB; write e.g. 10GiB",
      ],
      [
        5,
        'error',
        'job/capacity',
        "capacity '1.5TiB' does not match <digits><unit> with a unit of KiB, KB, MiB, MB, GiB, GB, TiB, TB; the number must be whole: write 1536GiB",
      ],
      [
        6,
        'error',
        'job/capacity',
        "capacity '100' does not match <digits><unit> with a unit of KiB, KB, MiB, MB, GiB, GB, TiB, TB; add a unit, e.g. 100GiB",
      ],
    ],
  },
  {
    name: 'refuses jobdw types other than raw, xfs, gfs2, lustre',
    script: '#DW jobdw type=ext4 capacity=1GiB name=t1\n#DW jobdw type=Lustre capacity=1GiB name=t2\n',
    expected: [
      [1, 'error', 'job/type', "type 'ext4' is not one of raw, xfs, gfs2, lustre"],
      [2, 'error', 'job/type', "type 'Lustre' is not one of raw, xfs, gfs2, lustre; did you mean 'lustre'?"],
    ],
  },
  {
    name: 'refuses names and profiles that do not match ^[a-z][a-z0-9-]+$',
    script: '#DW jobdw type=gfs2 capacity=1GiB name=x\n#DW persistentdw name=My_Data\n#DW container name=My_App profile=Red_Rock\n',
    expected: [
      [
        1,
        'error',
        'job/name',
        "name 'x' does not match ^[a-z][a-z0-9-]+$; use lower-case letters, digits and -, starting with a letter (at least 2 characters)",
      ],
      [
        2,
        'error',
        'job/name',
        "name 'My_Data' does not match ^[a-z][a-z0-9-]+$; use lower-case letters, digits and -, starting with a letter (at least 2 characters)",
      ],
      [
        3,
        'error',
        'job/name',
        "name 'My_App' does not match ^[a-z][a-z0-9-]+$; use lower-case letters, digits and -, starting with a letter (at least 2 characters)",
      ],
      [
        3,
        'error',
        'job/name',
        "profile 'Red_Rock' does not match ^[a-z][a-z0-9-]+$, so it can name no profile; use the profile's name as 'nnf-profiles directives' prints it",
      ],
    ],
  },
  {
    name: 'refuses a profile the environment does not have, suggesting the closest',
    script:
      '#DW jobdw type=gfs2 capacity=100GiB name=local\n#DW container name=app profile=red-rock-slushie DW_JOB_foo_local_storage=local\n',
    expected: [
      [
        2,
        'error',
        'job/unknown-profile',
        "there is no profile 'red-rock-slushie'; did you mean 'red-rock-slushy'? (profiles: archiver, mpi-red-rock-slushy, red-rock-slushy); pick one ('nnf-profiles directives NAME' prints the lines that use it)",
      ],
    ],
  },
  {
    name: 'refuses a storage argument the profile does not declare',
    script:
      '#DW jobdw type=gfs2 capacity=100GiB name=local\n#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=local DW_JOB_foo_local_storag=local\n',
    expected: [
      [
        2,
        'error',
        'job/storage-undeclared',
        "profile red-rock-slushy declares no storage DW_JOB_foo_local_storag; did you mean 'DW_JOB_foo_local_storage'? (its storages: DW_JOB_foo_local_storage (required), DW_PERSISTENT_foo_persistent_storage (optional)); remove the argument or use another profile",
      ],
    ],
  },
  {
    name: 'refuses storage arguments that do not match the storage pattern',
    script:
      '#DW jobdw type=gfs2 capacity=100GiB name=local\n#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=local DW_JOB_foo-local=local dw_job_x1=local\n',
    expected: [
      [
        2,
        'error',
        'job/storage-name',
        "storage argument 'DW_JOB_foo-local' does not match ^(DW_JOB_|DW_PERSISTENT_|DW_GLOBAL_)[a-z][a-z0-9_]+$; after the prefix use lower-case letters, digits and _ (no -), as the profile's storage is named",
      ],
      [
        2,
        'error',
        'job/storage-name',
        "storage argument 'dw_job_x1' does not match ^(DW_JOB_|DW_PERSISTENT_|DW_GLOBAL_)[a-z][a-z0-9_]+$; after the prefix use lower-case letters, digits and _ (no -), as the profile's storage is named",
      ],
    ],
  },
  {
    name: 'refuses a container directive without a required storage',
    script: '#DW container name=app profile=red-rock-slushy\n',
    expected: [
      [
        1,
        'error',
        'job/storage-missing',
        "profile red-rock-slushy requires DW_JOB_foo_local_storage (it is not optional); add DW_JOB_foo_local_storage=NAME to #DW container and a '#DW jobdw type=gfs2 capacity=... name=NAME' line",
      ],
    ],
  },
  {
    name: 'names each missing required storage with how to supply it',
    script: '#DW container name=arch profile=archiver\n',
    options: { uid: 1001, gid: 2000 },
    expected: [
      [
        1,
        'error',
        'job/storage-missing',
        "profile archiver requires DW_JOB_staging (it is not optional); add DW_JOB_staging=NAME to #DW container and a '#DW jobdw type=gfs2 capacity=... name=NAME' line",
      ],
      [
        1,
        'error',
        'job/storage-missing',
        'profile archiver requires DW_GLOBAL_archive (it is not optional); add DW_GLOBAL_archive=PATH to #DW container, PATH a directory on a global Lustre file system',
      ],
    ],
  },
  {
    name: 'refuses DW_JOB_ naming no #DW jobdw, hinting at a persistentdw of that name',
    script: '#DW persistentdw name=local\n#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=local\n',
    expected: [
      [
        2,
        'error',
        'job/jobdw-missing',
        "DW_JOB_foo_local_storage=local needs a '#DW jobdw ... name=local' in this job, and there is none ('local' is the #DW persistentdw on line 1: supply it with a DW_PERSISTENT_ argument); add it or use the name of an existing one",
      ],
    ],
  },
  {
    name: 'refuses DW_PERSISTENT_ naming no #DW persistentdw, hinting at a jobdw of that name',
    script:
      '#DW jobdw type=gfs2 capacity=100GiB name=local\n#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=local DW_PERSISTENT_foo_persistent_storage=local\n',
    expected: [
      [
        2,
        'error',
        'job/persistentdw-missing',
        "DW_PERSISTENT_foo_persistent_storage=local needs a '#DW persistentdw name=local' in this job, and there is none ('local' is a #DW jobdw: supply it with a DW_JOB_ argument); add it, naming an existing persistent instance",
      ],
    ],
  },
  {
    name: 'explains that create_persistent does not stand for persistentdw',
    script:
      '#DW create_persistent type=gfs2 capacity=1TiB name=mine\n#DW jobdw type=gfs2 capacity=100GiB name=local\n#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=local DW_PERSISTENT_foo_persistent_storage=mine\n',
    expected: [
      [
        1,
        'error',
        'job/persistent-alone',
        '#DW create_persistent must be the only directive of its job, and this job has 2 others (lines 2, 3); put it in a job of its own',
      ],
      [
        3,
        'error',
        'job/persistentdw-missing',
        "DW_PERSISTENT_foo_persistent_storage=mine needs a '#DW persistentdw name=mine' in this job, and there is none (line 1 creates 'mine'; a job that uses the instance needs #DW persistentdw, and create_persistent belongs in a job of its own); add it, naming an existing persistent instance",
      ],
    ],
  },
  {
    name: 'refuses raw and xfs storage for a container',
    script:
      '#DW jobdw type=raw capacity=1GiB name=blocks\n#DW jobdw type=xfs capacity=1GiB name=files\n#DW container name=app profile=mpi-red-rock-slushy DW_JOB_foo_local_storage=blocks\n',
    expected: [
      [
        3,
        'error',
        'job/storage-type',
        'DW_JOB_foo_local_storage=blocks names the #DW jobdw on line 1, of type raw, and a container can mount only gfs2 and lustre; use type=gfs2 or type=lustre there',
      ],
    ],
  },
  {
    name: 'allows a single container directive per job',
    script:
      '#DW jobdw type=gfs2 capacity=100GiB name=local\n#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=local\n#DW container name=other profile=red-rock-slushy DW_JOB_foo_local_storage=local\n',
    expected: [
      [
        3,
        'error',
        'job/single-container',
        'only one #DW container directive is allowed per job and there is one on line 2; run the other container in its own job',
      ],
    ],
  },
  {
    name: 'refuses a profile restricted to another uid',
    script:
      '#DW jobdw type=lustre capacity=1TiB name=staging\n#DW container name=arch profile=archiver DW_JOB_staging=staging DW_GLOBAL_archive=/lus/global/archive\n',
    options: { uid: 1002, gid: 2000 },
    expected: [
      [
        2,
        'error',
        'job/profile-uid',
        'profile archiver may be used only by jobs run as uid 1001 (data.userID), and this job runs as uid 1002; use another profile or ask the administrator',
      ],
    ],
  },
  {
    name: 'refuses a profile restricted to another uid and gid',
    script:
      '#DW jobdw type=lustre capacity=1TiB name=staging\n#DW container name=arch profile=archiver DW_JOB_staging=staging DW_GLOBAL_archive=/lus/global/archive\n',
    options: { uid: 1, gid: 2 },
    expected: [
      [
        2,
        'error',
        'job/profile-uid',
        'profile archiver may be used only by jobs run as uid 1001 (data.userID), and this job runs as uid 1; use another profile or ask the administrator',
      ],
      [
        2,
        'error',
        'job/profile-gid',
        'profile archiver may be used only by jobs run as gid 2000 (data.groupID), and this job runs as gid 2; use another profile or ask the administrator',
      ],
    ],
  },
  {
    name: 'does not check the restriction when --uid/--gid are not given',
    script:
      '#DW jobdw type=lustre capacity=1TiB name=staging\n#DW container name=arch profile=archiver DW_JOB_staging=staging DW_GLOBAL_archive=/lus/global/archive\n',
    expected: [],
  },
  {
    name: 'refuses a DW_GLOBAL_ value that is not an absolute path',
    script:
      '#DW jobdw type=lustre capacity=1TiB name=staging\n#DW container name=arch profile=archiver DW_JOB_staging=staging DW_GLOBAL_archive=lus/archive\n',
    options: { uid: 1001, gid: 2000 },
    expected: [
      [
        2,
        'error',
        'job/global-path',
        'DW_GLOBAL_archive=lus/archive is not an absolute path; give the path of a directory on a global Lustre file system, e.g. /lus/global/...',
      ],
    ],
  },
  {
    name: 'checks requires= values',
    script:
      '#DW jobdw type=gfs2 capacity=1GiB name=r1 requires=copy-offload,user-container-auth\n#DW persistentdw name=r2 requires=copy_offload\n',
    expected: [
      [
        2,
        'error',
        'job/requires',
        "requires 'copy_offload' is not one of copy-offload, user-container-auth; separate several with commas, without spaces",
      ],
    ],
  },
  {
    name: 'refuses unknown jobdw and container arguments, as DWS does',
    script:
      '#DW jobdw type=gfs2 capacity=1GiB name=u1 size=1GiB\n#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=u1 image=alpine\n',
    expected: [
      [
        1,
        'error',
        'job/unknown-argument',
        '#DW jobdw takes type=, capacity=, name=, profile=, requires=, not size=; DWS refuses arguments it does not know',
      ],
      [
        2,
        'error',
        'job/unknown-argument',
        '#DW container takes name=, profile= and storage arguments DW_JOB_x=, DW_PERSISTENT_x=, DW_GLOBAL_x=, not image=',
      ],
    ],
  },
  {
    name: 'refuses placeholders left from nnf-profiles directives',
    script:
      '#DW jobdw type=<gfs2|lustre> capacity=<N>GiB name=foo-local-storage\n#DW persistentdw name=<foo-persistent-storage>\n#DW container name=red-rock-slushy profile=red-rock-slushy DW_JOB_foo_local_storage=foo-local-storage DW_PERSISTENT_foo_persistent_storage=<foo-persistent-storage>\n',
    expected: [
      [
        1,
        'error',
        'job/placeholder',
        "type=<gfs2|lustre> still holds a placeholder <...> from 'nnf-profiles directives'; choose type=gfs2 or type=lustre",
      ],
      [
        1,
        'error',
        'job/placeholder',
        "capacity=<N>GiB still holds a placeholder <...> from 'nnf-profiles directives'; give the size, e.g. capacity=100GiB",
      ],
      [
        2,
        'error',
        'job/placeholder',
        "name=<foo-persistent-storage> still holds a placeholder <...> from 'nnf-profiles directives'; give the name of an existing persistent instance",
      ],
      [
        3,
        'error',
        'job/placeholder',
        "DW_PERSISTENT_foo_persistent_storage=<foo-persistent-storage> still holds a placeholder <...> from 'nnf-profiles directives'; give the name of an existing persistent instance",
      ],
    ],
  },
  {
    name: 'warns about lines that look like directives but are not',
    script:
      '#!/bin/bash\n#dw jobdw type=gfs2 capacity=1GiB name=a1\n# DW container name=app profile=red-rock-slushy\n##DW persistentdw name=p1\n# DW_JOB_x is where the data goes\n',
    expected: [
      [1, 'warning', 'job/no-directives', NO_DIRECTIVES],
      [
        2,
        'warning',
        'job/near-miss',
        "this looks like a #DW directive but is not one, so it is ignored; a directive line begins with '#DW' in upper case followed by a space, e.g. '#DW jobdw ...'",
      ],
      [
        3,
        'warning',
        'job/near-miss',
        "this looks like a #DW directive but is not one, so it is ignored; a directive line begins with '#DW' in upper case followed by a space, e.g. '#DW jobdw ...'",
      ],
      [
        4,
        'warning',
        'job/near-miss',
        "this looks like a #DW directive but is not one, so it is ignored; a directive line begins with '#DW' in upper case followed by a space, e.g. '#DW jobdw ...'",
      ],
    ],
  },
  {
    name: 'warns about directives Slurm does not read: after the first command, indented',
    script:
      '#!/bin/bash\n#SBATCH -N 1\n#DW jobdw type=gfs2 capacity=100GiB name=local\n\nmodule load foo\n#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=local\n  #DW persistentdw name=late\n',
    expected: [
      [
        6,
        'warning',
        'job/after-commands',
        'this #DW line comes after the first command (line 5), and Slurm reads directives only above it; move it up with the other #DW and #SBATCH lines',
      ],
      [
        7,
        'warning',
        'job/indented',
        'this #DW line is indented; Slurm reads directives only from lines that begin with #, and stops at this line; remove the leading white space',
      ],
    ],
  },
  {
    name: 'an indented directive ends the directive block for Slurm',
    script:
      '#!/bin/bash\n  #DW jobdw type=gfs2 capacity=1GiB name=local\n#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=local\n',
    expected: [
      [
        2,
        'warning',
        'job/indented',
        'this #DW line is indented; Slurm reads directives only from lines that begin with #, and stops at this line; remove the leading white space',
      ],
      [
        3,
        'warning',
        'job/after-commands',
        'this #DW line comes after the first command (line 2), and Slurm reads directives only above it; move it up with the other #DW and #SBATCH lines',
      ],
    ],
  },
  {
    name: 'checks a directive inside a one-line #FLUX: option like a bare #DW line',
    script:
      '#!/bin/bash\n#FLUX: --setattr=dw="#DW jobdw type=gfs2 capacity=1GB name=local #DW jobdw type=gfs2 capacity=1G name=other"\nflux run hostname\n',
    expected: [
      [
        2,
        'error',
        'job/capacity',
        "capacity '1G' does not match <digits><unit> with a unit of KiB, KB, MiB, MB, GiB, GB, TiB, TB; write e.g. 1GiB",
      ],
    ],
  },
  {
    name: 'refuses two jobdw or two persistentdw with one name',
    script:
      '#DW jobdw type=gfs2 capacity=1GiB name=local\n#DW jobdw type=lustre capacity=1TiB name=local\n#DW persistentdw name=p1\n#DW persistentdw name=p1\n',
    expected: [
      [2, 'error', 'job/duplicate-name', "a #DW jobdw named 'local' is already on line 1; give each a different name"],
      [4, 'error', 'job/duplicate-name', "a #DW persistentdw named 'p1' is already on line 3; give each a different name"],
    ],
  },
  {
    name: 'allows create_persistent and destroy_persistent only as the single directive of a job',
    script:
      '#DW create_persistent type=lustre capacity=1TiB name=p1\n#DW create_persistent type=lustre capacity=1TiB name=p2\n#DW destroy_persistent name=p3\n',
    expected: [
      [
        1,
        'error',
        'job/persistent-alone',
        '#DW create_persistent must be the only directive of its job, and this job has 2 others (lines 2, 3); put it in a job of its own',
      ],
      [
        2,
        'error',
        'job/persistent-alone',
        '#DW create_persistent must be the only directive of its job, and this job has 2 others (lines 1, 3); put it in a job of its own',
      ],
      [
        3,
        'error',
        'job/persistent-alone',
        '#DW destroy_persistent must be the only directive of its job, and this job has 2 others (lines 1, 2); put it in a job of its own',
      ],
    ],
  },
  {
    name: 'checks copy_in/copy_out references to job and persistent storage, reading each _ as - as NNF does',
    script:
      '#DW jobdw type=xfs capacity=10GiB name=fast-storage\n#DW copy_in source=/lus/backup/me/data destination=$DW_JOB_fast_storage/data\n#DW copy_out source=$DW_JOB_fast-storage/data destination=/lus/backup/me/out\n#DW copy_out source=$DW_PERSISTENT_shared/a destination=/lus/x profile=no-xattr\n#DW copy_in source=/a\n',
    expected: [
      [
        4,
        'error',
        'job/copy-reference',
        'source=$DW_PERSISTENT_shared/a refers to DW_PERSISTENT_shared, and no #DW persistentdw in this job is named shared (NNF reads each _ of the variable as -); add it or fix the name',
      ],
      [5, 'error', 'job/missing-argument', '#DW copy_in needs destination=; add destination=PATH'],
    ],
  },
];

describe('lintJob: each case’s exact findings', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const file = c.fixture ? `test/fixtures/jobs/${c.fixture}` : 'job.sh';
    const script = c.fixture ? fs.readFileSync(path.join(FIXTURES, c.fixture), 'utf8') : c.script!;
    const expected = c.expected.map(([line, severity, rule, message]) => ({ file, line, severity, message, rule }));
    expect(lintJob(script, file, PROFILES, c.options)).toEqual(expected);
  });

  test('there are at least 20 cases, good and bad', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    expect(CASES.filter((c) => c.expected.length === 0).length).toBeGreaterThanOrEqual(5);
  });
});

describe('lintJob: the environment', () => {
  const script =
    '#DW jobdw type=gfs2 capacity=1GiB name=local\n#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=local\n';

  test('names the environment in an unknown-profile message', () => {
    expect(lintJob(script, 'job.sh', PROFILES.slice(1), { environment: 'legacy' })).toEqual([
      {
        file: 'job.sh',
        line: 2,
        severity: 'error',
        rule: 'job/unknown-profile',
        message:
          "there is no profile 'red-rock-slushy' in environment legacy; did you mean 'mpi-red-rock-slushy'? (profiles: archiver, mpi-red-rock-slushy); pick one ('nnf-profiles directives NAME' prints the lines that use it)",
      },
    ]);
  });

  test('says so when there are no profiles at all', () => {
    expect(lintJob(script, 'job.sh', []).map((f) => f.message)).toEqual([
      "there is no profile 'red-rock-slushy' (no profiles known); pick one ('nnf-profiles directives NAME' prints the lines that use it)",
    ]);
  });

  test('a profile whose required storage no argument can match makes every job fail', () => {
    const broken = profile('broken', {
      spec: { containers: [{ name: 'a', image: 'a:1' }] },
      storages: [{ name: 'DW_JOB_Bad-Name', optional: false }],
    });
    expect(lintJob('#DW container name=app profile=broken\n', 'job.sh', [broken])).toEqual([
      {
        file: 'job.sh',
        line: 1,
        severity: 'error',
        rule: 'job/storage-missing',
        message:
          'profile broken requires storage DW_JOB_Bad-Name, whose name no #DW container argument can match, so no job can use this profile; ask the administrator to fix it',
      },
    ]);
  });

  test('a script without directives says so, and counts none', () => {
    const none = [{ file: 'job.sh', line: 1, severity: 'warning', rule: 'job/no-directives', message: NO_DIRECTIVES }];
    expect(checkJobScript('#!/bin/bash\n#SBATCH -N 1\nsrun hostname\n', 'job.sh', PROFILES)).toEqual({ findings: none, directives: 0 });
    expect(checkJobScript('', 'job.sh', PROFILES)).toEqual({ findings: none, directives: 0 });
  });
});

describe('formatJobFinding', () => {
  test('file:line: message [rule], warnings prefixed', () => {
    const [error, warning] = [
      { file: 'a.sh', line: 3, severity: 'error' as const, rule: 'job/type', message: 'bad' },
      { file: 'a.sh', line: 4, severity: 'warning' as const, rule: 'job/indented', message: 'hmm' },
    ];
    expect(formatJobFinding(error)).toBe('a.sh:3: bad [job/type]');
    expect(formatJobFinding(warning)).toBe('warning: a.sh:4: hmm [job/indented]');
  });
});
