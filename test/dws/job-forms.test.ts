import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkDirectiveString, checkJobScript, type LintJobOptions, readJobScript } from '../../src/dws';
import { PROFILES } from '../helpers/job-profiles';

/**
 * The forms in which users give directives (bare #DW lines, Flux batch directives, flux command
 * lines, a dw string): each checked like bare #DW lines, each finding at the line its #DW is on.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'jobs');

type Expected = [line: number, severity: 'error' | 'warning', rule: string, message: string];

interface Case {
  readonly name: string;
  readonly script?: string;
  readonly fixture?: string;
  readonly options?: LintJobOptions;
  /** Directives checked. */
  readonly directives: number;
  readonly expected: Expected[];
}

const CONTAINER = '#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=local';
const JOBDW = '#DW jobdw type=gfs2 capacity=100GiB name=local';

const CASES: Case[] = [
  {
    name: "the issue's example: a triple-quoted dw value, the unknown profile on its own #FLUX: line",
    script: [
      '#FLUX: --setattr=dw="""',
      '#FLUX: #DW jobdw type=gfs2 capacity=100GiB name=my-gfs2',
      '#FLUX: #DW container name=my-container profile=no-such-profile DW_JOB_foo_local_storage=my-gfs2',
      '#FLUX: """',
      '',
    ].join('\n'),
    directives: 2,
    expected: [
      [
        3,
        'error',
        'job/unknown-profile',
        "there is no profile 'no-such-profile' (profiles: archiver, mpi-red-rock-slushy, red-rock-slushy); pick one ('nnf-profiles directives NAME' prints the lines that use it)",
      ],
    ],
  },
  {
    name: 'a real Flux batch script with jobdw, persistentdw, copy_in, container and copy_out is clean',
    fixture: 'flux-batch-container.sh',
    directives: 5,
    expected: [],
  },
  {
    name: 'flux command lines in a driver script are jobs of their own; a quoted value over lines and \\$ escapes are read as the shell reads them',
    fixture: 'flux-command-lines.sh',
    directives: 5,
    expected: [],
  },
  {
    name: 'lower-case #flux: with CRLF line ends: the finding on the #flux: line of its directive',
    fixture: 'flux-crlf.sh',
    directives: 2,
    expected: [
      [
        5,
        'error',
        'job/storage-undeclared',
        'profile red-rock-slushy declares no storage DW_JOB_typo (its storages: DW_JOB_foo_local_storage (required), DW_PERSISTENT_foo_persistent_storage (optional)); remove the argument or use another profile',
      ],
    ],
  },
  {
    name: 'a one-line #FLUX: -S dw= value with several directives, each checked',
    script: `#!/bin/bash\n#FLUX: -N 2\n#FLUX: -S dw="#DW jobdw type=gfs2 capacity=10G name=local ${CONTAINER}"\nflux run ./app\n`,
    directives: 2,
    expected: [
      [
        3,
        'error',
        'job/capacity',
        "capacity '10G' does not match <digits><unit> with a unit of KiB, KB, MiB, MB, GiB, GB, TiB, TB; write e.g. 10GiB",
      ],
    ],
  },
  {
    name: '--setattr dw=..., system.dw, .system.dw and attributes.system.dw all set the dw attribute; single quotes too',
    script: [
      '#!/bin/bash',
      `#FLUX: --setattr dw='${JOBDW} ${CONTAINER}'`,
      'flux run ./a',
      `flux submit -S system.dw="${JOBDW} ${CONTAINER}" ./b`,
      `flux submit --setattr=.system.dw="${JOBDW} ${CONTAINER}" ./c`,
      `flux submit --setattr=attributes.system.dw="${JOBDW} #DW container name=app profile=red-rock-slush DW_JOB_foo_local_storage=local" ./d`,
      '',
    ].join('\n'),
    directives: 8,
    expected: [
      [
        6,
        'error',
        'job/unknown-profile',
        "there is no profile 'red-rock-slush'; did you mean 'red-rock-slushy'? (profiles: archiver, mpi-red-rock-slushy, red-rock-slushy); pick one ('nnf-profiles directives NAME' prints the lines that use it)",
      ],
    ],
  },
  {
    name: 'a triple-quoted value that never closes is an error, never a silent pass',
    script: `#!/bin/bash\n#FLUX: -S dw="""\n#FLUX: ${JOBDW}\n#FLUX: ${CONTAINER}\n`,
    directives: 0,
    expected: [
      [
        2,
        'error',
        'job/flux-unterminated',
        `the triple-quoted value opened here is never closed, so its directives are not read; end it with a '#FLUX: """' line`,
      ],
    ],
  },
  {
    name: 'a line without #FLUX: inside a triple-quoted value: Flux refuses the script',
    script: `#!/bin/bash\n#FLUX: -S dw="""\n#FLUX: ${JOBDW}\n${CONTAINER}\n#FLUX: """\n`,
    directives: 1,
    expected: [
      [
        2,
        'error',
        'job/flux-unterminated',
        `the triple-quoted value opened here is not closed before line 4, which does not begin with #FLUX:; Flux refuses the script; end the value with a '#FLUX: """' line`,
      ],
      [
        4,
        'error',
        'job/jobdw-missing',
        "DW_JOB_foo_local_storage=local needs a '#DW jobdw ... name=local' in this job, and there is none; add it or use the name of an existing one",
      ],
    ],
  },
  {
    name: 'an unbalanced quote in a #FLUX: directive is an error',
    script: `#!/bin/bash\n#FLUX: -S dw="${JOBDW}\n#FLUX: -N 2\n`,
    directives: 0,
    expected: [
      [
        2,
        'error',
        'job/flux-directive-syntax',
        'Flux cannot read this directive: the double quote here is never closed; close it on the same line, or use a triple-quoted value for several lines',
      ],
    ],
  },
  {
    name: "a dw value without '#DW ' is a preset lint-job cannot check: an error",
    script: '#!/bin/bash\n#FLUX: -S dw=lustre_large\n',
    directives: 0,
    expected: [
      [
        2,
        'error',
        'job/dw-unreadable',
        "-S dw=... holds no '#DW ' directive ('lustre_large'): Flux takes it for the name of a preset of the system ('flux config get rabbit.presets'), which lint-job cannot check; write the directives themselves, each beginning with '#DW' in upper case and a space",
      ],
    ],
  },
  {
    name: 'an unquoted # begins a comment in a #FLUX: line, leaving dw= empty',
    script: `#!/bin/bash\n#FLUX: -S dw=${JOBDW}\n`,
    directives: 0,
    expected: [
      [
        2,
        'error',
        'job/dw-unreadable',
        '-S dw= is empty: it holds no #DW directive (a # outside quotes begins a comment, so quote the value: dw="#DW ..."); write the directives in it or remove it',
      ],
    ],
  },
  {
    name: 'a #FLUX: #DW line outside a dw value is a comment to Flux: an error',
    script: `#!/bin/bash\n#FLUX: -N 1\n#FLUX: ${JOBDW}\n`,
    directives: 0,
    expected: [
      [
        3,
        'error',
        'job/flux-ignored',
        `this #DW is not inside a dw value, so Flux reads it as a comment and ignores it; put the #DW lines between '#FLUX: --setattr=dw="""' and '#FLUX: """'`,
      ],
    ],
  },
  {
    name: 'several --setattr=dw options: Flux keeps the last, the earlier ones are errors and not checked',
    script: `#!/bin/bash\n#FLUX: -S dw="${JOBDW}"\n#FLUX: -S dw="${CONTAINER}"\n`,
    directives: 1,
    expected: [
      [
        2,
        'error',
        'job/dw-replaced',
        'the -S dw=... on line 3 replaces this -S dw=... value: Flux keeps only the last value of an attribute, so these directives are never submitted; put all the directives in one value',
      ],
      [
        3,
        'error',
        'job/jobdw-missing',
        "DW_JOB_foo_local_storage=local needs a '#DW jobdw ... name=local' in this job, and there is none; add it or use the name of an existing one",
      ],
    ],
  },
  {
    name: 'a #FLUX: directive after the first command is refused by Flux',
    script: `#!/bin/bash\n#FLUX: -N 1\nmodule load foo\n#FLUX: -S dw="${JOBDW}"\n`,
    directives: 1,
    expected: [
      [
        4,
        'error',
        'job/flux-after-commands',
        'this #FLUX: directive comes after the first command (line 3), and Flux refuses a script with directives below its commands; move it up with the other #FLUX: lines',
      ],
    ],
  },
  {
    name: 'directives mixing #FLUX: and #flux: are refused by Flux',
    script: `#!/bin/bash\n#FLUX: -N 1\n#flux: -S dw="${JOBDW}"\n`,
    directives: 1,
    expected: [
      [
        3,
        'error',
        'job/flux-sentinel',
        "this directive begins with '#flux:' and the one on line 2 with '#FLUX:'; Flux refuses a script whose directives mix them; write every directive with '#FLUX:'",
      ],
    ],
  },
  {
    name: 'bare #DW lines and a #FLUX: dw value in one script: two jobs, each checked, and a warning',
    script: `#!/bin/bash\n${JOBDW}\n#FLUX: -S dw="${CONTAINER}"\n`,
    directives: 2,
    expected: [
      [
        3,
        'warning',
        'job/mixed-forms',
        'this script gives directives both as bare #DW lines (line 2, read by Slurm) and in a #FLUX: dw value (read by Flux); each workload manager reads only its own form, so they are checked as two jobs; keep the form of your site',
      ],
      [
        3,
        'error',
        'job/jobdw-missing',
        "DW_JOB_foo_local_storage=local needs a '#DW jobdw ... name=local' in this job, and there is none; add it or use the name of an existing one",
      ],
    ],
  },
  {
    name: 'a flux command continued with trailing backslashes: each directive on the line its #DW is written',
    script: [
      '#!/bin/bash',
      'flux run -N 2 \\',
      `  --setattr=dw="${JOBDW} \\`,
      '#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=lcal" \\',
      '  ./app',
      '',
    ].join('\n'),
    directives: 2,
    expected: [
      [
        4,
        'error',
        'job/jobdw-missing',
        "DW_JOB_foo_local_storage=lcal needs a '#DW jobdw ... name=lcal' in this job, and there is none; add it or use the name of an existing one",
      ],
    ],
  },
  {
    name: 'an unescaped $DW_JOB_ in double quotes on a command line is expanded by the shell: an error; \\$ and single quotes are fine',
    script: [
      '#!/bin/bash',
      `flux alloc -N1 -S dw="${JOBDW} #DW copy_in source=/lus/global/in destination=$DW_JOB_local/in"`,
      `flux alloc -N1 -S dw="${JOBDW} #DW copy_in source=/lus/global/in destination=\\$DW_JOB_local/in"`,
      `flux alloc -N1 -S dw='${JOBDW} #DW copy_in source=/lus/global/in destination=$DW_JOB_local/in'`,
      '',
    ].join('\n'),
    directives: 6,
    expected: [
      [
        2,
        'error',
        'job/unescaped-variable',
        '$DW_JOB_local is not escaped, so the shell replaces it when the command runs (with nothing: NNF sets it only in the job) and DWS never sees it; write \\$DW_JOB_local, or put the value in single quotes',
      ],
    ],
  },
  {
    name: 'each flux command is its own job: a container cannot use the jobdw of another command',
    script: `#!/bin/bash\nflux submit -S dw="${JOBDW}" ./a\nflux submit -S dw="${CONTAINER}" ./b\n`,
    directives: 2,
    expected: [
      [
        3,
        'error',
        'job/jobdw-missing',
        "DW_JOB_foo_local_storage=local needs a '#DW jobdw ... name=local' in this job, and there is none; add it or use the name of an existing one",
      ],
    ],
  },
  {
    name: 'a flux command with an unclosed quote is an error, and its directives are not counted',
    script: `#!/bin/bash\nflux submit -S dw="${JOBDW} ./a\necho done\n`,
    directives: 0,
    expected: [
      [
        2,
        'error',
        'job/command-syntax',
        'the shell cannot read this flux submit command (line 2): the double quote here is never closed, so neither its directives nor the rest of the script can be read; close it',
      ],
    ],
  },
  {
    name: 'a JSON list of directives, as -S dw=[...] gives it',
    script: `#!/bin/bash\nflux submit -S 'dw=["${JOBDW}", "#DW container name=app profile=red-rock-slushy"]' ./a\n`,
    directives: 2,
    expected: [
      [
        2,
        'error',
        'job/storage-missing',
        "profile red-rock-slushy requires DW_JOB_foo_local_storage (it is not optional); add DW_JOB_foo_local_storage=NAME to #DW container and a '#DW jobdw type=gfs2 capacity=... name=NAME' line",
      ],
    ],
  },
  {
    name: 'a value read from a file (^dw=FILE) or from a command substitution cannot be checked: errors',
    script: '#!/bin/bash\nflux submit -S ^dw=dw.json ./a\nflux submit -S dw="$(cat dw.txt)" ./b\n',
    directives: 0,
    expected: [
      [
        2,
        'error',
        'job/dw-unreadable',
        "-S ^dw=dw.json reads the directives from a JSON file, which lint-job does not read; check the directives with 'nnf-profiles lint-job --dw' or write them in the script",
      ],
      [
        3,
        'error',
        'job/dw-unreadable',
        "-S dw=... holds $(...), backquotes or $'...', which the shell fills in only when the command runs, so lint-job cannot read its directives; write them out",
      ],
    ],
  },
  {
    name: 'flux mentioned in a comment, an echo or with another subcommand is no command',
    script: `#!/bin/bash\n${JOBDW}\n${CONTAINER}\n# flux run -S dw=oops\necho "flux run -S dw=oops"\nflux jobs -S dw=oops\n`,
    directives: 2,
    expected: [],
  },
  {
    name: 'copy_in/copy_out: a raw jobdw, a ${} reference, a relative path and an escaped $ in a batch directive',
    script: [
      '#!/bin/bash',
      '#FLUX: -S dw="""',
      '#FLUX: #DW jobdw type=raw capacity=1TiB name=blocks',
      '#FLUX: #DW copy_in source=/lus/global/in destination=$DW_JOB_blocks/',
      '#FLUX: #DW copy_in source=/lus/global/in destination=${DW_JOB_blocks}/',
      '#FLUX: #DW copy_out source=\\$DW_JOB_blocks/out destination=results',
      '#FLUX: """',
      '',
    ].join('\n'),
    directives: 4,
    expected: [
      [
        4,
        'error',
        'job/copy-raw',
        'destination=$DW_JOB_blocks/ names the #DW jobdw on line 3, of type raw, and data movement cannot use raw storage; use type=xfs, gfs2 or lustre there',
      ],
      [
        5,
        'error',
        'job/copy-reference',
        'destination=${DW_JOB_blocks}/: NNF recognises only $DW_JOB_name and $DW_PERSISTENT_name without braces, and reads this as a Lustre path; write $DW_JOB_blocks/',
      ],
      [
        6,
        'error',
        'job/copy-path',
        'source=\\$DW_JOB_blocks/out begins with a backslash, which reaches DWS; escape $ only inside double quotes on a command line, and in #DW lines and #FLUX: directives write $DW_JOB_blocks/out',
      ],
      [
        6,
        'error',
        'job/copy-path',
        'destination=results is neither $DW_JOB_name/..., $DW_PERSISTENT_name/... nor an absolute path, and NNF looks anything else up as a path on a global Lustre file system; give the full path, e.g. /lus/global/...',
      ],
    ],
  },
  {
    name: 'create_persistent and destroy_persistent alone in their jobs are clean; with another directive, an error',
    script: [
      '#!/bin/bash',
      'flux submit -S dw="#DW create_persistent type=lustre capacity=10TiB name=shared-results" true',
      'flux submit -S dw="#DW destroy_persistent name=old-results" true',
      'flux submit -S dw="#DW destroy_persistent name=old-results #DW persistentdw name=old-results" true',
      '',
    ].join('\n'),
    directives: 4,
    expected: [
      [
        4,
        'error',
        'job/persistent-alone',
        '#DW destroy_persistent must be the only directive of its job, and this job has 1 other (line 4); put it in a job of its own',
      ],
    ],
  },
  {
    name: 'requires= lists each value once; profile= of jobdw and copy_in follows the name pattern',
    script: `#!/bin/bash\n#FLUX: -S dw="#DW jobdw type=gfs2 capacity=1GiB name=local requires=copy-offload,copy-offload profile=Fast_Profile #DW copy_in source=/lus/a destination=$DW_JOB_local profile=dm_default"\n`,
    directives: 2,
    expected: [
      [2, 'error', 'job/requires', "requires lists 'copy-offload' twice, and DWS refuses a repeated word; give it once"],
      [
        2,
        'error',
        'job/name',
        "profile 'Fast_Profile' does not match ^[a-z][a-z0-9-]+$, and DWS refuses it; give the name of an NnfStorageProfile, or leave profile= out for the default",
      ],
      [
        2,
        'error',
        'job/name',
        "profile 'dm_default' does not match ^[a-z][a-z0-9-]+$, and DWS refuses it; give the name of an NnfDataMovementProfile, or leave profile= out for the default",
      ],
    ],
  },
  {
    name: 'a #DW line inside the quoted value of a command is part of that command, not a bare directive',
    script: `#!/bin/bash\nflux run -S dw="${JOBDW}\n${CONTAINER}" ./app\n`,
    directives: 2,
    expected: [],
  },
];

describe('job scripts in every form: each case’s exact findings and the directives checked', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const file = c.fixture ? `test/fixtures/jobs/${c.fixture}` : 'job.sh';
    const script = c.fixture ? fs.readFileSync(path.join(FIXTURES, c.fixture), 'utf8') : c.script!;
    const expected = c.expected.map(([line, severity, rule, message]) => ({ file, line, severity, message, rule }));
    expect(checkJobScript(script, file, PROFILES, c.options)).toEqual({ findings: expected, directives: c.directives });
  });

  test('there are at least 20 cases across the forms, good and bad', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    expect(CASES.filter((c) => c.expected.length === 0).length).toBeGreaterThanOrEqual(4);
  });
});

describe('readJobScript: the forms and the lines', () => {
  test('tells the forms apart and puts each directive on the line its #DW is written', () => {
    const script = fs.readFileSync(path.join(FIXTURES, 'flux-command-lines.sh'), 'utf8');
    const { jobs } = readJobScript(script);
    expect(jobs.map((j) => [j.form, j.directives.map((d) => [d.line, d.command])])).toEqual([
      [
        'flux-command',
        [
          [4, 'jobdw'],
          [5, 'copy_in'],
          [6, 'copy_out'],
        ],
      ],
      [
        'flux-command',
        [
          [9, 'jobdw'],
          [9, 'container'],
        ],
      ],
    ]);
    // The shell removed the backslash of \$, and kept $USER for the shell to fill in.
    expect(jobs[0].directives[1].text).toBe('#DW copy_in source=/p/lustre1/$USER/dir_in destination=$DW_JOB_project1/');
  });

  test('a triple-quoted value keeps one directive per #FLUX: line, its indent removed', () => {
    const script = `#FLUX: -N 1\n#FLUX:   -S dw="""\n#FLUX:   ${JOBDW}\n#FLUX:   ${CONTAINER}\n#FLUX:   """\n`;
    const { jobs, problems } = readJobScript(script);
    expect(problems).toEqual([]);
    expect(jobs).toEqual([
      {
        form: 'flux-batch',
        directives: [
          expect.objectContaining({ line: 3, text: JOBDW, form: 'flux-batch' }),
          expect.objectContaining({ line: 4, text: CONTAINER }),
        ],
      },
    ]);
  });
});

describe('checkDirectiveString: a dw value given as it is', () => {
  test('lines counted within the value, directives separated by newlines or spaces', () => {
    expect(
      checkDirectiveString(
        `${JOBDW}\n#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=locl ${JOBDW.replace('name=local', 'name=two')}`,
        '(--dw)',
        PROFILES,
      ),
    ).toEqual({
      findings: [
        {
          file: '(--dw)',
          line: 2,
          severity: 'error',
          rule: 'job/jobdw-missing',
          message:
            "DW_JOB_foo_local_storage=locl needs a '#DW jobdw ... name=locl' in this job, and there is none; add it or use the name of an existing one",
        },
      ],
      directives: 3,
    });
  });

  test('no #DW in the value: an error, and no directive counted', () => {
    expect(checkDirectiveString('xfs_small', '(--dw)', PROFILES)).toEqual({
      findings: [
        {
          file: '(--dw)',
          line: 1,
          severity: 'error',
          rule: 'job/dw-unreadable',
          message:
            "the dw value holds no '#DW ' directive ('xfs_small'): Flux takes it for the name of a preset of the system ('flux config get rabbit.presets'), which lint-job cannot check; write the directives themselves, each beginning with '#DW' in upper case and a space",
        },
      ],
      directives: 0,
    });
  });
});
