// django-q's humanhash (django_q/humanhash.py, from zacharyvoase/humanhash):
// a task id (uuid4 hex) is named by XOR-folding its 16 bytes into 4 and
// mapping each byte to a word, e.g. 2004f28a790d45f989bd98558ce547fc ->
// helium-six-wolfram-spring.

import { randomUUID } from 'node:crypto';

// The 256-word DEFAULT_WORDLIST, in order (interoperability data).
const WORDS: readonly string[] = (
  'ack alabama alanine alaska alpha angel apart april arizona arkansas artist asparagus aspen august ' +
  'autumn avocado bacon bakerloo batman beer berlin beryllium black blossom blue bluebird bravo bulldog ' +
  'burger butter california carbon cardinal carolina carpet cat ceiling charlie chicken coffee cola cold ' +
  'colorado comet connecticut crazy cup dakota december delaware delta diet don double early earth east ' +
  'echo edward eight eighteen eleven emma enemy equal failed fanta fifteen fillet finch fish five fix ' +
  'floor florida football four fourteen foxtrot freddie friend fruit gee georgia glucose golf green grey ' +
  'hamper happy harry hawaii helium high hot hotel hydrogen idaho illinois india indigo ink iowa island ' +
  'item jersey jig johnny juliet july jupiter kansas kentucky kilo king kitten lactose lake lamp lemon ' +
  'leopard lima lion lithium london louisiana low magazine magnesium maine mango march mars maryland ' +
  'massachusetts may mexico michigan mike minnesota mirror mississippi missouri mobile mockingbird monkey ' +
  'montana moon mountain muppet music nebraska neptune network nevada nine nineteen nitrogen north ' +
  'november nuts october ohio oklahoma one orange oranges oregon oscar oven oxygen papa paris pasta ' +
  'pennsylvania pip pizza pluto potato princess purple quebec queen quiet red river robert robin romeo ' +
  'rugby sad salami saturn september seven seventeen shade sierra single sink six sixteen skylark snake ' +
  'social sodium solar south spaghetti speaker spring stairway steak stream summer sweet table tango ten ' +
  'tennessee tennis texas thirteen three timing triple twelve twenty two uncle undress uniform uranus ' +
  'utah vegan venus vermont victor video violet virginia washington west whiskey white william winner ' +
  'winter wisconsin wolfram wyoming xray yankee yellow zebra zulu'
).split(' ');

if (WORDS.length !== 256) throw new Error('humanhash word list must have 256 words');

/**
 * HumanHasher.humanize(hexdigest, words, separator). Bytes come from pairs
 * of hex digits (an odd trailing digit is ignored, like zip() in Python);
 * the last segment takes the leftover bytes. Throws like Python for fewer
 * bytes than words or a non-hex digit.
 */
export function humanize(hexdigest: string, words = 4, separator = '-'): string {
  const bytes: number[] = [];
  for (let i = 0; i + 1 < hexdigest.length; i += 2) {
    const pair = hexdigest.slice(i, i + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) throw new Error(`invalid literal for int() with base 16: '${pair}'`);
    bytes.push(Number.parseInt(pair, 16));
  }
  if (words > bytes.length) throw new Error('Fewer input bytes than requested output');
  const seg = Math.floor(bytes.length / words);
  const out: string[] = [];
  for (let w = 0; w < words; w++) {
    const end = w === words - 1 ? bytes.length : (w + 1) * seg;
    let x = 0;
    for (let i = w * seg; i < end; i++) x ^= bytes[i] as number;
    out.push(WORDS[x] as string);
  }
  return out.join(separator);
}

/** `str(uuid.uuid4()).replace('-', '')`: a new task id. */
export function uuid4hex(): string {
  return randomUUID().replace(/-/g, '');
}

/** HumanHasher.uuid(): [humanized name, task id]. */
export function humanUuid(): [string, string] {
  const id = uuid4hex();
  return [humanize(id), id];
}
