/**
 * Paths inside an image: POSIX for Linux images, `C:\app` style for Windows ones. The converter
 * only needs to resolve a path against a WORKDIR and name a file's folder.
 */
import { withoutTrailing } from '../trailing';

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]/;

export function isWindowsPath(path: string): boolean {
  return WINDOWS_ABSOLUTE.test(path);
}

export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || isWindowsPath(path);
}

/** `path` resolved against `base` (itself absolute), with `.` and `..` segments folded. */
export function resolvePath(base: string | undefined, path: string): string {
  const windows = isWindowsPath(path) || (!isAbsolutePath(path) && base !== undefined && isWindowsPath(base));
  const joined = isAbsolutePath(path) ? path : `${base ?? (windows ? 'C:\\' : '/')}${windows ? '\\' : '/'}${path}`;
  return normalize(joined, windows);
}

function normalize(path: string, windows: boolean): string {
  const separator = windows ? '\\' : '/';
  const drive = windows ? path.slice(0, 2) : '';
  const rest = windows ? path.slice(2) : path;
  const parts: string[] = [];
  for (const part of rest.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const trailing = /[\\/]$/.test(path) && parts.length > 0 ? separator : '';
  return `${drive}${separator}${parts.join(separator)}${trailing}`;
}

export function baseName(path: string): string {
  const trimmed = withoutTrailing(path, '\\/');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

/** True when `path` is `folder` or inside it. */
export function isInside(path: string, folder: string): boolean {
  const clean = (value: string) => withoutTrailing(value, '\\/').toLowerCase();
  const inner = clean(path);
  const outer = clean(folder);
  return inner === outer || inner.startsWith(`${outer}/`) || inner.startsWith(`${outer}\\`) || outer === '' || outer === 'c:';
}

export function isRootPath(path: string): boolean {
  return /^([A-Za-z]:)?[\\/]*$/.test(path);
}
