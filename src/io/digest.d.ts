/** The SHA-256 of `content` (text as UTF-8), in hex: what every cache of this tool keys and checks by. */
export function digest(content: string | Uint8Array): string;
