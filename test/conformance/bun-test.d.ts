/** The slice of Bun's test runner that bun.conformance.ts uses (the project's type check runs without Bun's types). */
declare module 'bun:test' {
  export function test(name: string, fn: () => Promise<void>, timeoutMs?: number): void;
}
