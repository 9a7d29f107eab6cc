// Draws the web app icons (public/icons/*.png) from the favicon's shapes: a white speech bubble on the brand blue.
// Run once after changing the design (`node scripts/make-icons.ts`); the PNGs are committed.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { crc32, deflateSync } from "node:zlib";

const blue = [0x1f, 0x5f, 0xd1] as const;
const white = [0xff, 0xff, 0xff] as const;
const samples = 4;

type Shape = (x: number, y: number) => boolean;

/** The favicon's bubble in its 32-unit grid: a 16×10 box at (8,10) and a tail down to (9,24). */
function bubble(x: number, y: number): boolean {
  if (x >= 8 && x <= 24 && y >= 10 && y <= 20) return true;
  // The tail: the triangle (9,20) (14,20) (9,24).
  return x >= 9 && y >= 20 && y <= 24 && (x - 9) / 5 + (y - 20) / 4 <= 1;
}

/** A rounded square of side 32 with corner radius `radius` (0 = full bleed). */
function tile(radius: number): Shape {
  return (x, y) => {
    const dx = Math.max(radius - x, x - (32 - radius), 0);
    const dy = Math.max(radius - y, y - (32 - radius), 0);
    return dx * dx + dy * dy <= radius * radius;
  };
}

/** RGBA pixels of the icon at `size`, the bubble scaled by `scale` about the centre, 4×4 supersampled. */
function draw(size: number, background: Shape, scale: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inside = 0;
      let ink = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) / size) * 32;
          const y = ((py + (sy + 0.5) / samples) / size) * 32;
          if (!background(x, y)) continue;
          inside++;
          if (bubble(16 + (x - 16) / scale, 16 + (y - 16) / scale)) ink++;
        }
      }
      const total = samples * samples;
      const offset = (py * size + px) * 4;
      for (let channel = 0; channel < 3; channel++) {
        const mix = inside === 0 ? 0 : ((inside - ink) * blue[channel]! + ink * white[channel]!) / inside;
        pixels[offset + channel] = Math.round(mix);
      }
      pixels[offset + 3] = Math.round((inside / total) * 255);
    }
  }
  return pixels;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A truecolour-with-alpha PNG of `pixels`. */
function png(size: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0;
    rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", new Uint8Array()),
  ]);
}

const folder = fileURLToPath(new URL("../public/icons/", import.meta.url));
mkdirSync(folder, { recursive: true });
// "any": the favicon's rounded tile. "maskable": full bleed, the bubble inside the central 80% safe zone.
writeFileSync(`${folder}icon-192.png`, png(192, draw(192, tile(8), 1.25)));
writeFileSync(`${folder}icon-512.png`, png(512, draw(512, tile(8), 1.25)));
writeFileSync(`${folder}icon-maskable-512.png`, png(512, draw(512, tile(0), 1)));
console.log("wrote public/icons/icon-192.png, icon-512.png, icon-maskable-512.png");
