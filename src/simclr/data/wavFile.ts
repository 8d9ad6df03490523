/**
 * 16-bit PCM mono WAV (RIFF/WAVE) files: encoding a clip (for audio players in outputs and for
 * generated data sets; the format every browser's <audio> element plays) and decoding one strictly
 * (errors name the file and the problem; chunks other than 'fmt ' and 'data' are skipped).
 */

/** Encodes samples in [-1, 1] (clipped outside) as a 16-bit PCM mono WAV file. */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate < 1)
    throw new RangeError(`encodeWav: sampleRate must be a positive integer, got ${sampleRate}`);
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // PCM chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++)
    view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767), true);
  return bytes;
}

/** A decoded clip: samples in [-1, 1). */
export interface DecodedWav {
  sampleRate: number;
  samples: Float32Array;
}

/** Decodes a 16-bit PCM mono WAV file; throws `<file>: <problem>` for anything else or a damaged file. */
export function decodeWav(bytes: Uint8Array, file: string): DecodedWav {
  const fail = (problem: string): never => {
    throw new Error(`${file}: ${problem}`);
  };
  const ascii = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || ascii(0) !== 'RIFF' || ascii(8) !== 'WAVE') fail('not a WAV file (no RIFF/WAVE header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  let sampleRate = 0;
  let format: { audioFormat: number; channels: number; bits: number } | undefined;
  while (at + 8 <= bytes.length) {
    const id = ascii(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) fail('truncated fmt chunk');
      format = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        bits: view.getUint16(body + 14, true),
      };
      sampleRate = view.getUint32(body + 4, true);
    } else if (id === 'data') {
      if (!format) fail('data chunk before the fmt chunk');
      const f = format as { audioFormat: number; channels: number; bits: number };
      if (f.audioFormat !== 1 || f.bits !== 16 || f.channels !== 1)
        fail(`expected 16-bit PCM mono, got format ${f.audioFormat}, ${f.bits} bits, ${f.channels} channels`);
      if (sampleRate < 1) fail('sample rate 0');
      // espeak-ng writes 0x7fffffff as the size when it streams; take what the file holds then.
      const length = size === 0x7fffffff || size === 0xffffffff ? bytes.length - body : size;
      if (body + length > bytes.length) fail(`truncated data chunk (${bytes.length - body} of ${length} bytes)`);
      if (length % 2 !== 0) fail('odd number of data bytes for 16-bit samples');
      const samples = new Float32Array(length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + 2 * i, true) / 32768;
      return { sampleRate, samples };
    }
    at = body + size + (size % 2);
  }
  return fail('no data chunk');
}
