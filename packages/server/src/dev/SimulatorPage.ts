/**
 * The dev simulator's page: text Jules as a phone would, and read the replies
 * the console gateway "sends". One self-contained HTML document, no build.
 */

export const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jules — dev simulator</title>
<style>
  :root { font-family: system-ui, sans-serif; color-scheme: light dark; }
  body { margin: 0; display: flex; justify-content: center; background: #eef0f3; }
  main { width: min(420px, 100vw); min-height: 100vh; display: flex; flex-direction: column; background: Canvas; }
  header { padding: 12px 16px; border-bottom: 1px solid #8884; }
  header h1 { font-size: 1.05rem; margin: 0 0 6px; }
  header p { margin: 0 0 8px; font-size: .8rem; opacity: .75; }
  label { font-size: .85rem; }
  #phone { width: 11em; font: inherit; }
  #thread { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 6px; }
  .bubble { max-width: 80%; padding: 8px 12px; border-radius: 16px; white-space: pre-wrap; word-wrap: break-word; line-height: 1.3; }
  .from-you { align-self: flex-end; background: #0b84ff; color: white; }
  .from-jules { align-self: flex-start; background: #e5e5ea; color: black; }
  .status { align-self: flex-end; font-size: .7rem; opacity: .6; }
  form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #8884; }
  #message { flex: 1; font: inherit; padding: 8px 12px; border-radius: 18px; border: 1px solid #8886; }
  button { font: inherit; border: 0; border-radius: 18px; padding: 8px 14px; background: #0b84ff; color: white; }
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
  <section id="thread" aria-live="polite"></section>
  <form id="composer">
    <input id="message" placeholder="Text Jules" autocomplete="off" required maxlength="1600">
    <button id="send" type="submit">Send</button>
  </form>
</main>
<script>
  const thread = document.getElementById("thread")
  const phone = document.getElementById("phone")
  const message = document.getElementById("message")
  const connection = document.getElementById("connection")
  let events

  const add = (className, text) => {
    const div = document.createElement("div")
    div.className = className
    div.textContent = text
    thread.appendChild(div)
    thread.scrollTop = thread.scrollHeight
    return div
  }

  const listen = () => {
    if (events) events.close()
    thread.replaceChildren()
    events = new EventSource("/dev/events?phone=" + encodeURIComponent(phone.value.trim()))
    events.onopen = () => { connection.textContent = "connected" }
    events.onerror = () => { connection.textContent = "reconnecting…" }
    events.onmessage = (event) => {
      const sms = JSON.parse(event.data)
      add("bubble from-jules", sms.body)
    }
  }

  phone.addEventListener("change", listen)
  document.getElementById("composer").addEventListener("submit", async (event) => {
    event.preventDefault()
    const body = message.value
    if (body.trim() === "") return
    message.value = ""
    add("bubble from-you", body)
    const status = add("status", "sending…")
    try {
      const response = await fetch("/dev/messages", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from: phone.value.trim(), body })
      })
      status.textContent = response.ok ? "delivered to Jules" : "not sent: " + (await response.text())
    } catch {
      status.textContent = "not sent: the server is unreachable"
    }
  })
  listen()
</script>
</body>
</html>
`
