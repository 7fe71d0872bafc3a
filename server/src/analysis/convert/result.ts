import type { TextEdit } from 'vscode-languageserver-types';
import type { EcosystemId } from './plan';
import type { SmallerStep } from './smallerStep';

// What a conversion returns, apart from the converter so that the runtime swap can return it too.

export interface ConvertedDockerfile {
  readonly kind: 'converted';
  /**
   * `multi-stage`: a build stage and a runtime stage. `runtime-swap`: nothing is built, so the
   * stage only moves from its build image to the runtime image (`buildStage` is then empty).
   */
  readonly change: 'multi-stage' | 'runtime-swap';
  /** The whole converted file. */
  readonly text: string;
  /** The same change as one edit, from the converted stage's first line to the end of the file. */
  readonly edit: TextEdit;
  readonly ecosystem: EcosystemId;
  /** `Go`, `Java (Maven)`, ... */
  readonly ecosystemTitle: string;
  readonly buildStage: string;
  readonly runtimeStage: string;
  readonly buildImage: string;
  readonly runtimeImage: string;
}

export interface DeclinedConversion {
  readonly kind: 'declined';
  /** Why nothing changes, in a sentence for a message or stderr; it names the smaller step when there is one. */
  readonly reason: string;
  /** The smaller change that does help, which the editor offers as a code action. */
  readonly smallerStep?: SmallerStep;
}

export type ConversionResult = ConvertedDockerfile | DeclinedConversion;
