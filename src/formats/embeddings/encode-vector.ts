/** A vector as OpenAI's `base64` encoding: little-endian float32 bytes, base64 (what the openai SDKs ask for by default). */
export function base64Vector(vector: readonly number[]): string {
  const bytes = new Uint8Array(new Float32Array(vector).buffer);
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}
