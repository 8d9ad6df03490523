/**
 * Checks of messages arriving in the webview. The host is trusted, but a message from another
 * source (or an older host) must not crash the panel, so the shape is checked before use.
 */
import type { ExtensionToWebview } from '../../protocol/webviewMessages';

export function isExtensionMessage(value: unknown): value is ExtensionToWebview {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null;
  switch (m.type) {
    case 'kernel':
      return isObject(m.kernel) && typeof (m.kernel as Record<string, unknown>).state === 'string';
    case 'replay':
      return (
        Array.isArray(m.events) &&
        m.events.every((e) => isObject(e) && typeof (e as Record<string, unknown>).kind === 'string')
      );
    case 'event':
      return isObject(m.event) && typeof (m.event as Record<string, unknown>).kind === 'string';
    case 'response':
      return (
        typeof m.id === 'string' &&
        isObject(m.response) &&
        typeof (m.response as Record<string, unknown>).kind === 'string'
      );
    case 'progress':
      return typeof m.id === 'string' && typeof m.fraction === 'number' && typeof m.stage === 'string';
    case 'saved':
      return (
        typeof m.id === 'string' &&
        isObject(m.outcome) &&
        typeof (m.outcome as Record<string, unknown>).status === 'string'
      );
    default:
      return false;
  }
}
