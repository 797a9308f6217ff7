/**
 * The URL a provider calls, as the provider sees it. Signatures are computed over
 * this exact string, so it is built from the configured `PUBLIC_BASE_URL`, never
 * from the request's Host header (which is internal behind a proxy).
 */

/**
 * `joinPublicUrl("https://jules.example.com/", "/webhooks/twilio/sms?x=1")` →
 * `"https://jules.example.com/webhooks/twilio/sms?x=1"`. The path and query are
 * kept byte for byte: a re-encoded query no longer matches Twilio's signature.
 */
export const joinPublicUrl = (publicBaseUrl: string, pathAndQuery: string): string => {
  const base = publicBaseUrl.replace(/\/+$/, "")
  return pathAndQuery.startsWith("/") ? base + pathAndQuery : `${base}/${pathAndQuery}`
}
