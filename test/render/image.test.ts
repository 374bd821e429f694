import { relocateImage } from '../../src/render/image';
import { qualifiedRepository } from '../../src/rendered';

describe('qualifiedRepository', () => {
  test.each([
    ['busybox', 'docker.io/library/busybox'],
    ['dean/red-rock-slushy', 'docker.io/dean/red-rock-slushy'],
    ['ghcr.io/nearnodeflash/nnf-mfu', 'ghcr.io/nearnodeflash/nnf-mfu'],
    ['localhost/app', 'localhost/app'],
    ['registry:5000/app', 'registry:5000/app'],
  ])('%s → %s', (repository, expected) => {
    expect(qualifiedRepository(repository)).toBe(expected);
  });
});

describe('relocateImage', () => {
  const relocations = {
    'docker.io': 'mirror.example.com/dockerhub',
    'ghcr.io/nearnodeflash': 'mirror.example.com/nnf/',
    dean: 'mirror.example.com/dean-private',
  };

  test('moves a Docker Hub image under the mirror, keeping its tag', () => {
    expect(relocateImage('alpine:3.20', relocations)).toBe('mirror.example.com/dockerhub/library/alpine:3.20');
  });

  test('the longest matching key wins', () => {
    expect(relocateImage('dean/red-rock-slushy:v1.0', relocations)).toBe('mirror.example.com/dean-private/red-rock-slushy:v1.0');
  });

  test('a repository key replaces that repository prefix', () => {
    expect(relocateImage('ghcr.io/nearnodeflash/nnf-mfu:0.1.5', relocations)).toBe('mirror.example.com/nnf/nnf-mfu:0.1.5');
  });

  test('keeps digests', () => {
    const digest = `@sha256:${'a'.repeat(64)}`;
    expect(relocateImage(`ghcr.io/nearnodeflash/nnf-mfu${digest}`, relocations)).toBe(`mirror.example.com/nnf/nnf-mfu${digest}`);
  });

  test('keys match whole path components only', () => {
    expect(relocateImage('ghcr.io/nearnodeflashy/tool:1', relocations)).toBe('ghcr.io/nearnodeflashy/tool:1');
  });

  test('an image no key matches is left exactly as written', () => {
    expect(relocateImage('quay.io/org/app:2', relocations)).toBe('quay.io/org/app:2');
    expect(relocateImage('dean/red-rock-slushy:v1.0', {})).toBe('dean/red-rock-slushy:v1.0');
  });

  test('a registry with a port is not mistaken for a tag', () => {
    expect(relocateImage('registry:5000/app', { 'registry:5000': 'mirror.example.com' })).toBe('mirror.example.com/app');
  });
});
