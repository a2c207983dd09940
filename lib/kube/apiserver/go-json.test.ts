import { describe, expect, it } from "vitest";
import { goJsonSyntaxError } from "./go-json";

describe("goJsonSyntaxError (encoding/json scanner messages)", () => {
  it("accepts valid JSON", () => {
    for (const ok of ['{"a":[1,-2.5e+3,true,false,null,"x\\u00e9\\n"]}', " [] ", '"s"', "0", '{"k":{}}']) expect(goJsonSyntaxError(ok)).toBeUndefined();
  });

  it.each([
    ["{bad", "invalid character 'b' looking for beginning of object key string"],
    ["{not json", "invalid character 'n' looking for beginning of object key string"],
    ["not json", "invalid character 'o' in literal null (expecting 'u')"],
    ["oops", "invalid character 'o' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
    ["[1 2]", "invalid character '2' after array element"],
    ["{} x", "invalid character 'x' after top-level value"],
    ["tru", "unexpected end of JSON input"],
    ["trUe", "invalid character 'U' in literal true (expecting 'u')"],
    ['{"a":', "unexpected end of JSON input"],
    ["", "unexpected end of JSON input"],
    ['"a\\q"', "invalid character 'q' in string escape code"],
    ['"\\u12x4"', "invalid character 'x' in \\u hexadecimal character escape"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    ["-x", "invalid character 'x' in numeric literal"],
    ["1.e5", "invalid character 'e' after decimal point in numeric literal"],
    ["1e+", "unexpected end of JSON input"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
  ])("%j -> %s", (input, message) => {
    expect(goJsonSyntaxError(input)).toBe(message);
  });
});
