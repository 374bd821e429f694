import { Construct, type IConstruct } from 'constructs';
import * as path from 'node:path';

const PROFILE_SOURCE = Symbol.for('nnf-profiles.ProfileSource');
const PROFILE = Symbol.for('nnf-profiles.Profile');

/** Marks a construct as a profile, so a source file can count the profiles it made. */
export function markAsProfile(construct: IConstruct): void {
  Object.defineProperty(construct, PROFILE, { value: true });
}

function isProfile(construct: IConstruct): boolean {
  return (construct as unknown as Record<symbol, unknown>)[PROFILE] === true;
}

/**
 * The scope a profile file's constructs are created in. It ties messages to the file and holds
 * the rule that a file defines exactly one profile, named like the file.
 */
export class ProfileSource extends Construct {
  static find(construct: IConstruct): ProfileSource | undefined {
    return construct.node.scopes.find(
      (scope): scope is ProfileSource => (scope as unknown as Record<symbol, unknown>)[PROFILE_SOURCE] === true,
    );
  }

  /** The profile name the file's name calls for. */
  readonly expectedName: string;

  /** @param file path relative to the repository root, e.g. `profiles/red-rock-slushy.ts` */
  constructor(
    scope: Construct,
    readonly file: string,
  ) {
    const expectedName = path.basename(file).replace(/\.[cm]?[jt]s$/, '');
    super(scope, expectedName);
    this.expectedName = expectedName;
    Object.defineProperty(this, PROFILE_SOURCE, { value: true });
    this.node.addValidation({ validate: () => this.fileRules() });
  }

  private failed = false;

  /** The file's code threw: that error is reported, and counting its profiles would only add noise. */
  markFailed(): void {
    this.failed = true;
  }

  private fileRules(): string[] {
    if (this.failed) return [];
    const names = this.node
      .findAll()
      .filter(isProfile)
      .map((p) => p.node.id);
    if (names.length === 0) {
      return [`${this.file}: defines no profile; its default export must create one ContainerProfile or MpiContainerProfile`];
    }
    if (names.length > 1) {
      return [`${this.file}: defines ${names.length} profiles (${names.join(', ')}); put each profile in a file of its own`];
    }
    if (names[0] !== this.expectedName) {
      return [
        `${this.file}: ${names[0]}: the profile's name and its file's name must agree; ` +
          `rename the file to ${names[0]}.ts or the profile to ${this.expectedName}`,
      ];
    }
    return [];
  }
}
