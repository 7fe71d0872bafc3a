import type { ConversionPlan, Declined, EcosystemId } from '../plan';
import type { ConvertStageFacts } from '../stageFacts';

/** One language or build system the converter knows: how to spot it and what its runtime stage needs. */
export interface Ecosystem {
  readonly id: EcosystemId;
  /** For messages and titles: `Go`, `Java (Maven)`. */
  readonly title: string;
  /** Build image repositories, as people write them (`golang`, `mcr.microsoft.com/dotnet/sdk`), that mean this ecosystem. */
  readonly images: readonly string[];
  /** True when the stage's commands are this ecosystem's, whatever the image. */
  usesTools(facts: ConvertStageFacts): boolean;
  plan(facts: ConvertStageFacts): ConversionPlan | Declined;
}
