/**
 * The dev simulator's page: text Jules as a phone would, and read the replies
 * the console gateway "sends". One self-contained HTML document, no build.
 *
 * Like a phone screen: the thread scrolls under a composer that stays put, the
 * newest text in view; opening the page (a reload, a restart) shows both sides
 * of the thread as the database holds them (`/dev/history`), then what arrives
 * live (`/dev/events`); a banner says when the number has opted out. The number
 * is remembered in this browser's `localStorage`, never in the address.
 */

export const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jules — dev simulator</title>
<style>
  :root { font-family: system-ui, sans-serif; color-scheme: light dark; }
  html, body { height: 100%; }
  body { margin: 0; display: flex; justify-content: center; background: #eef0f3; overflow: hidden; }
  main { width: min(420px, 100vw); height: 100vh; height: 100dvh; display: flex; flex-direction: column; background: Canvas; }
  header { flex: none; padding: 12px 16px; border-bottom: 1px solid #8884; }
  header h1 { font-size: 1.05rem; margin: 0 0 6px; }
  header p { margin: 0 0 8px; font-size: .8rem; opacity: .75; }
  label { font-size: .85rem; }
  #phone { width: 11em; font: inherit; }
  #opted-out { flex: none; margin: 0; padding: 8px 16px; font-size: .85rem; background: #fff3cd; color: #664d03; border-bottom: 1px solid #e6d28a; }
  #opted-out[hidden] { display: none; }
  #thread { flex: 1 1 auto; min-height: 0; overflow-y: auto; overscroll-behavior: contain; padding: 12px; display: flex; flex-direction: column; gap: 6px; }
  #thread > :first-child { margin-top: auto; }
  .bubble { flex: none; max-width: 80%; padding: 8px 12px; border-radius: 16px; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.3; }
  .from-you { align-self: flex-end; background: #0b84ff; color: white; }
  .from-jules { align-self: flex-start; background: #e5e5ea; color: black; }
  .status { flex: none; align-self: flex-end; font-size: .7rem; opacity: .6; }
  form { flex: none; display: flex; gap: 8px; padding: 10px; border-top: 1px solid #8884; background: Canvas; }
  #message { flex: 1; min-width: 0; font: inherit; padding: 8px 12px; border-radius: 18px; border: 1px solid #8886; }
  button { font: inherit; border: 0; border-radius: 18px; padding: 8px 14px; background: #0b84ff; color: white; }
  button:disabled { opacity: .5; }
  #connection { font-size: .75rem; }
</style>
</head>
<body>
<main>
  <header>
    <h1>Jules — dev simulator</h1>
    <p>SMS_PROVIDER=console: nothing leaves this machine. Replies appear as the console gateway sends them.</p>
    <label>Your number <input id="phone" value="+15555550123" autocomplete="off"></label>
    <span id="connection">connecting…</span>
  </header>
  <p id="opted-out" role="status" hidden>This number opted out — text START to rejoin.</p>
  <section id="thread" aria-live="polite"></section>
  <form id="composer">
    <input id="message" placeholder="Text Jules" autocomplete="off" required maxlength="1600">
    <button id="send" type="submit" disabled>Send</button>
  </form>
</main>
<script>
  const thread = document.getElementById("thread")
  const phone = document.getElementById("phone")
  const message = document.getElementById("message")
  const send = document.getElementById("send")
  const connection = document.getElementById("connection")
  const optedOut = document.getElementById("opted-out")
  const STORED_NUMBER = "jules-dev-simulator-phone"
  // Ids of the texts on screen: a text both in the history and in the live feed shows once.
  const shown = new Set()
  let events
  let generation = 0
  let consentTimer
  let latestStatus

  try { phone.value = localStorage.getItem(STORED_NUMBER) || phone.value } catch {}

  const scrollToEnd = () => { thread.scrollTop = thread.scrollHeight }
  // Pinned to the newest text unless scrolled up: it stays in view when the thread
  // shrinks (the opt-out banner appears, the window is resized).
  let pinned = true
  thread.addEventListener("scroll", () => {
    pinned = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 24
  })
  new ResizeObserver(() => { if (pinned) scrollToEnd() }).observe(thread)

  const bubble = (className, text, id) => {
    const div = document.createElement("div")
    div.className = className
    div.textContent = text
    if (id) { div.dataset.id = id; shown.add(id) }
    return div
  }

  const add = (element) => {
    thread.appendChild(element)
    scrollToEnd()
    return element
  }

  const showConsent = (consent) => { optedOut.hidden = consent !== "opted_out" }

  const readHistory = async (number) => {
    const response = await fetch("/dev/history?phone=" + encodeURIComponent(number), { cache: "no-store" })
    if (!response.ok) throw new Error(await response.text())
    return response.json()
  }

  // STOP and START are answered after the consent state changes: read it again after each of Jules's texts.
  const refreshConsent = (mine, number) => {
    clearTimeout(consentTimer)
    consentTimer = setTimeout(async () => {
      try {
        const history = await readHistory(number)
        if (mine === generation) showConsent(history.consent)
      } catch {}
    }, 100)
  }

  const listen = async () => {
    const mine = ++generation
    const number = phone.value.trim()
    try { localStorage.setItem(STORED_NUMBER, number) } catch {}
    if (events) events.close()
    connection.textContent = "connecting…"
    thread.replaceChildren()
    shown.clear()
    showConsent(null)
    send.disabled = true
    // Texts that arrive while the history loads wait for it, so the thread keeps its order.
    let early = []
    const receive = (sms) => {
      if (shown.has(sms.messageId)) return
      add(bubble("bubble from-jules", sms.body, sms.messageId))
      refreshConsent(mine, number)
    }
    events = new EventSource("/dev/events?phone=" + encodeURIComponent(number))
    events.onopen = () => { connection.textContent = "connected" }
    events.onerror = () => { connection.textContent = "reconnecting…" }
    events.onmessage = (event) => {
      const sms = JSON.parse(event.data)
      if (early) early.push(sms)
      else receive(sms)
    }
    try {
      const history = await readHistory(number)
      if (mine !== generation) return
      showConsent(history.consent)
      const fragment = document.createDocumentFragment()
      for (const text of history.texts) {
        if (shown.has(text.id)) continue
        fragment.appendChild(bubble(text.from === "you" ? "bubble from-you" : "bubble from-jules", text.body, text.id))
      }
      thread.appendChild(fragment)
    } catch {
      if (mine !== generation) return
      add(bubble("status", "the earlier texts could not be loaded"))
    }
    const waiting = early
    early = undefined
    waiting.forEach(receive)
    scrollToEnd()
    send.disabled = false
  }

  phone.addEventListener("change", listen)
  document.getElementById("composer").addEventListener("submit", async (event) => {
    event.preventDefault()
    const body = message.value
    if (body.trim() === "" || send.disabled) return
    message.value = ""
    // Like a phone, only the latest text says how its sending went (and any that failed).
    thread.querySelectorAll(".status.delivered").forEach((old) => old.remove())
    const mine = add(bubble("bubble from-you", body))
    const status = add(bubble("status", "sending…"))
    latestStatus = status
    try {
      const response = await fetch("/dev/messages", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from: phone.value.trim(), body })
      })
      if (response.ok) {
        const accepted = await response.json()
        mine.dataset.id = accepted.messageId
        shown.add(accepted.messageId)
        status.textContent = "delivered to Jules"
        status.classList.add("delivered")
        if (status !== latestStatus) status.remove()
      } else {
        status.textContent = "not sent: " + (await response.text())
      }
    } catch {
      status.textContent = "not sent: the server is unreachable"
    }
  })
  listen()
</script>
</body>
</html>
`
