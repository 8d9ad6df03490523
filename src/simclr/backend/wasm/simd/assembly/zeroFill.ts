// Zeroes a buffer the backend allocated (its allocator does not clear memory).

/** bytes at p = 0. */
export function zeroFill(p: usize, bytes: usize): void {
  memory.fill(p, 0, bytes);
}
