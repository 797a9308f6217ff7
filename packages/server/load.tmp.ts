import * as Http from "node:http"
import twilio from "twilio"
const [port, token, seconds = "8", conc = "32"] = process.argv.slice(2)
const agent = new Http.Agent({ keepAlive: true, maxSockets: 256 })
let seq = Date.now() % 100000 * 1000
const mk = () => { const n = ++seq; const sid = `SM${n.toString(16).padStart(32, "0")}`
  const params: Record<string,string> = { MessageSid: sid, SmsSid: sid, AccountSid: "AC00000000000000000000000000000001", From: `+1555${String(n % 2000).padStart(7, "0")}`, To: "+12025550100", Body: `bench ${n}`, NumMedia: "0" }
  return { body: new URLSearchParams(params).toString(), sig: twilio.getExpectedTwilioSignature(token!, "https://jules.bench.example/webhooks/twilio/sms", params) } }
let n = 0; const end = Date.now() + Number(seconds) * 1000
const post = (r: {body: string, sig: string}) => new Promise<void>((res) => { const q = Http.request({ host: "127.0.0.1", port, path: "/webhooks/twilio/sms", method: "POST", agent, headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": r.sig } }, (s) => { s.resume(); s.on("end", () => res()) }); q.on("error", () => res()); q.end(r.body) })
await Promise.all(Array.from({ length: Number(conc) }, async () => { while (Date.now() < end) { await post(mk()); n++ } }))
console.log(Math.round(n / Number(seconds)), "req/s")
process.exit(0)
