import { argument, parseDirectives, parseScript } from '../../src/dws';

describe('parseDirectives', () => {
  test('reads #DW lines with their line numbers, commands and key=value arguments; ignores every other line', () => {
    const script = [
      '#!/bin/bash',
      '#SBATCH --nodes=2',
      '#FLUX: -N 2',
      '# a comment mentioning #DW',
      '#DW jobdw type=gfs2  capacity=10GiB\tname=scratch',
      'echo "#DW not a directive"',
      '#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=scratch stray =x',
      '#DWjobdw not one either',
      '',
    ].join('\n');
    expect(parseDirectives(script)).toEqual([
      {
        line: 5,
        text: '#DW jobdw type=gfs2  capacity=10GiB\tname=scratch',
        command: 'jobdw',
        args: [
          { key: 'type', value: 'gfs2' },
          { key: 'capacity', value: '10GiB' },
          { key: 'name', value: 'scratch' },
        ],
        strays: [],
        indented: false,
        form: 'slurm',
      },
      {
        line: 7,
        text: '#DW container name=app profile=red-rock-slushy DW_JOB_foo_local_storage=scratch stray =x',
        command: 'container',
        args: [
          { key: 'name', value: 'app' },
          { key: 'profile', value: 'red-rock-slushy' },
          { key: 'DW_JOB_foo_local_storage', value: 'scratch' },
        ],
        strays: ['stray', '=x'],
        indented: false,
        form: 'slurm',
      },
    ]);
  });

  test('a value keeps its own = signs; a bare #DW has an empty command', () => {
    const [copy, bare] = parseDirectives('#DW copy_in source=/a=b destination=$DW_JOB_x/\n#DW\n');
    expect(argument(copy, 'source')).toBe('/a=b');
    expect(argument(copy, 'profile')).toBeUndefined();
    expect(bare).toMatchObject({ line: 2, command: '', args: [], strays: [] });
  });

  test('joins lines continued with a trailing backslash, at the first line', () => {
    const [jobdw, next] = parseDirectives('#DW jobdw type=gfs2 \\\n#DW capacity=1GiB \\\n#DW   name=a1\n#DW persistentdw name=p1\n');
    expect(jobdw).toMatchObject({
      line: 1,
      command: 'jobdw',
      args: [
        { key: 'type', value: 'gfs2' },
        { key: 'capacity', value: '1GiB' },
        { key: 'name', value: 'a1' },
      ],
    });
    expect(next).toMatchObject({ line: 4, command: 'persistentdw' });
  });

  test('marks indented directives and finds the first command line', () => {
    const parsed = parseScript('#!/bin/sh\n\n  #DW jobdw type=gfs2 capacity=1GiB name=a1\n#DW persistentdw name=p1\n');
    expect(parsed.directives.map((d) => [d.line, d.indented])).toEqual([
      [3, true],
      [4, false],
    ]);
    expect(parsed.firstCommandLine).toBe(3);
    expect(parseScript('#!/bin/sh\n#DW persistentdw name=p1\n').firstCommandLine).toBeUndefined();
  });

  test('CRLF line ends', () => {
    expect(parseDirectives('#!/bin/sh\r\n#DW persistentdw name=p1\r\n')).toMatchObject([
      { line: 2, text: '#DW persistentdw name=p1', args: [{ key: 'name', value: 'p1' }] },
    ]);
  });
});
