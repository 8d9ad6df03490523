// The seeded corpus: well-formed inputs to mutate, and the reproducers issue 12 reported (written
// here as code, so the corpus is deterministic and small in the repository).
import { deflateSync, gzipSync } from 'node:zlib';
import { encodeIdx } from '../../src/simclr/data/idx';
import { encodePng } from '../../src/simclr/data/imageCodec';
import { declaredPng, grayPng, jpegDeclaring, solidJpeg } from '../simclr/data/imageBytes';

const RECORD = 3073;

export function idxSeeds(): { name: string; bytes: Buffer }[] {
  const images = encodeIdx(
    [4, 28, 28],
    Uint8Array.from({ length: 4 * 784 }, (_, i) => (i * 7) % 256),
  );
  return [
    { name: 'images.idx', bytes: Buffer.from(images) },
    { name: 'images.idx.gz', bytes: gzipSync(images) },
    // Reproducer: a gzip whose header promises 1x28x28 but which inflates to 8 MB more.
    {
      name: 'bomb.idx.gz',
      bytes: gzipSync(Buffer.concat([encodeIdx([1, 28, 28], new Uint8Array(784)), Buffer.alloc(8 << 20)]), {
        level: 1,
      }),
    },
  ];
}

/** A CIFAR-10 test batch of two records (load with recordsPerBatch: 2); and the reproducer of a batch cut at a record boundary. */
export function cifarSeeds(): { name: string; bytes: Buffer }[] {
  const batch = Buffer.alloc(2 * RECORD);
  for (let i = 0; i < batch.length; i++) batch[i] = i % RECORD === 0 ? (i / RECORD) % 10 : (i * 13) % 256;
  return [
    { name: 'two-records', bytes: batch },
    { name: 'one-record', bytes: batch.subarray(0, RECORD) },
  ];
}

export function imageSeeds(): { name: string; bytes: Buffer }[] {
  const gray = (x: number, y: number): number => (x * 5 + y * 11) % 256;
  return [
    { name: 'gray.png', bytes: grayPng(32, 32, gray) },
    { name: 'interlaced.png', bytes: grayPng(32, 32, gray, { interlaced: true }) },
    {
      name: 'rgb.png',
      bytes: encodePng(
        Uint8Array.from({ length: 24 * 16 * 3 }, (_, i) => (i * 3) % 256),
        24,
        16,
        3,
      ),
    },
    { name: 'rgb.jpg', bytes: solidJpeg(32, 24, [200, 40, 90]) },
    // Reproducers: a 69-byte PNG declaring 20000x20000, half the rows of a 32x32 PNG, a 2.6 KB JPEG declaring 10000x10000.
    { name: 'declares-20000.png', bytes: declaredPng(20000, 20000, deflateSync(new Uint8Array(0))) },
    { name: 'half-rows.png', bytes: grayPng(32, 32, gray, { interlaced: true, keepRawBytes: 16 * 33 }) },
    { name: 'declares-10000.jpg', bytes: jpegDeclaring(solidJpeg(64, 64, [10, 200, 10]), 10000, 10000) },
  ];
}

/** Notebook text with what JSON.parse + JSON.stringify lose: invalid UTF-8, big integers, 1e-400, 1.0, deep nesting. */
export function notebookSeed(deep = 200): Buffer {
  return Buffer.concat([
    Buffer.from(
      '{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "metadata": {"n": 12345678901234567890, "tiny": 1e-400, "one": 1.0},\n   "source": ["caf',
    ),
    Buffer.from([0xe9, 0xff]),
    Buffer.from(
      `"]\n  },\n  {"cell_type": "code", "execution_count": 3, "metadata": {"x": 2.50}, "outputs": [{"output_type": "stream", "name": "stdout", "text": ["1.0\\n"]}], "source": ["1 + 1"]}\n ],\n`,
    ),
    Buffer.from(
      ` "metadata": {"deep": ${'{"d":'.repeat(deep)}1.0${'}'.repeat(deep)}, "kernelspec": {"name": "look-twice", "display_name": "LT"}},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n`,
    ),
  ]);
}
