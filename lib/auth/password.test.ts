import { describe, expect, it } from "vitest";
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, parseHash, verifyPassword, verifyAgainstDummy } from "./password";

const FAST = { N: 1024, r: 8, p: 1, keyLength: 32, saltLength: 16 };

describe("password hashing", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("stores the parameters and a per-hash salt with the hash", async () => {
    const a = await hashPassword("same password");
    const b = await hashPassword("same password");
    expect(a).not.toBe(b);
    const parsed = parseHash(a);
    expect(parsed).toMatchObject({ N: DEFAULT_SCRYPT_PARAMS.N, r: DEFAULT_SCRYPT_PARAMS.r, p: DEFAULT_SCRYPT_PARAMS.p });
    expect(parsed?.salt.length).toBe(DEFAULT_SCRYPT_PARAMS.saltLength);
    expect(parsed?.key.length).toBe(DEFAULT_SCRYPT_PARAMS.keyLength);
    expect(a.startsWith(`scrypt$${DEFAULT_SCRYPT_PARAMS.N}$8$1$`)).toBe(true);
  });

  it("verifies hashes made with other parameters (read from the stored string)", async () => {
    const stored = await hashPassword("old hash", FAST);
    expect(stored.split("$")[1]).toBe("1024");
    expect(await verifyPassword("old hash", stored)).toBe(true);
    expect(needsRehash(stored)).toBe(true);
    expect(needsRehash(await hashPassword("new hash"))).toBe(false);
  });

  it("rejects malformed or tampered hashes without throwing", async () => {
    const stored = await hashPassword("pw", FAST);
    const parts = stored.split("$");
    const tampered = [...parts.slice(0, 5), Buffer.alloc(32, 1).toString("base64url")].join("$");
    expect(await verifyPassword("pw", tampered)).toBe(false);
    expect(await verifyPassword("pw", "plaintext")).toBe(false);
    expect(await verifyPassword("pw", stored.replace("$1024$", "$1000$"))).toBe(false);
    expect(await verifyPassword("pw", stored.replace("$1024$", `$${2 ** 24}$`))).toBe(false);
    expect(await verifyAgainstDummy("pw")).toBe(false);
  });
});
