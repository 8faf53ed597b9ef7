import type { ProtocolDetector } from '../categorize/detector.js';
import { DETECTORS } from '../categorize/detectors/index.js';
import { ProtocolRegistry } from '../protocols/protocol-registry.js';
import { REGISTRY_DATA } from '../protocols/registry-data.js';

let built: { registry: ProtocolRegistry; detectors: readonly ProtocolDetector[] } | undefined;

/** The registry built from the committed data and the explicit detector list (once, lazily). */
export function defaultLedger(): { registry: ProtocolRegistry; detectors: readonly ProtocolDetector[] } {
  built ??= { registry: new ProtocolRegistry(REGISTRY_DATA, DETECTORS), detectors: DETECTORS };
  return built;
}
