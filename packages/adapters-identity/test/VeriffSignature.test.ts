/**
 * Veriff's HMAC against the published vectors (PROVIDERS.md §4, computed per
 * devdocs.veriff.com "HMAC authentication"): the body and the session id,
 * under the same shared secret.
 */
import { assert, describe, it } from "@effect/vitest"
import { VeriffSignature } from "@jules/adapters-identity"

const SECRET = "abcdef12-abcd-abcd-abcd-abcdef012345"
const BODY =
  `{"status":"success","verification":{"id":"12df6045-3846-3e45-946a-14fa6136d78b","status":"approved","code":9001,"person":{"dateOfBirth":"1967-03-30"}}}`
const BODY_SIGNATURE = "fd8cc16ede85b5082f5a69d0464a13ffaa7284020520f2f076ef45542f8a279b"
const SESSION_ID = "12df6045-3846-3e45-946a-14fa6136d78b"
const SESSION_SIGNATURE = "72425a5b0d91e04c84c7f7fa50a62fb16a3d03a4b78149832737492a5171ab12"

describe("Veriff HMAC-SHA256", () => {
  it("signs the published vectors: a decision body and a session id", () => {
    assert.strictEqual(VeriffSignature.sign(SECRET, BODY), BODY_SIGNATURE)
    assert.strictEqual(VeriffSignature.sign(SECRET, SESSION_ID), SESSION_SIGNATURE)
  })

  it("verifies the published vector over the raw bytes, under any of the configured secrets", () => {
    assert.isTrue(VeriffSignature.verify(BODY, BODY_SIGNATURE, [SECRET]))
    assert.isTrue(VeriffSignature.verify(BODY, BODY_SIGNATURE, ["the-new-secret", SECRET]), "rotation: the old secret still verifies")
    assert.isTrue(VeriffSignature.verify(BODY, BODY_SIGNATURE.toUpperCase(), [SECRET]), "hex case does not matter")
  })

  it("refuses a wrong secret, a changed body, re-serialized JSON and malformed signatures", () => {
    assert.isFalse(VeriffSignature.verify(BODY, BODY_SIGNATURE, ["another-secret"]))
    assert.isFalse(VeriffSignature.verify(BODY, BODY_SIGNATURE, []))
    assert.isFalse(VeriffSignature.verify(BODY.replace("1967", "1968"), BODY_SIGNATURE, [SECRET]))
    assert.isFalse(VeriffSignature.verify(JSON.stringify(JSON.parse(BODY), null, 1), BODY_SIGNATURE, [SECRET]))
    for (const bad of [undefined, "", "sha256=" + BODY_SIGNATURE, BODY_SIGNATURE.slice(1), "z".repeat(64), SESSION_SIGNATURE]) {
      assert.isFalse(VeriffSignature.verify(BODY, bad, [SECRET]), String(bad))
    }
  })
})
