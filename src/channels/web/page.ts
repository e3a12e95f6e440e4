import { html, raw } from 'hono/html';

/** The web chat page: plain HTML, small script, no third-party assets, readable on a phone. */
/** The page's own words, in the visitor's language (the conversation itself comes from the flow). */
export interface PageTexts {
  lang: string;
  title: string;
  conversation: string;
  choices: string;
  label: string;
  placeholder: string;
  send: string;
  noscript: string;
  /** The menu entry that changes the language mid-conversation. */
  language: string;
}

export const chatPage = (t: PageTexts) =>
  html`<!doctype html>
    <html lang="${t.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${t.title}</title>
        <style>
          :root {
            color-scheme: light;
            font-family: system-ui, sans-serif;
          }
          body {
            margin: 0;
            background: #f4f5f7;
            color: #111;
          }
          main {
            max-width: 40rem;
            margin: 0 auto;
            display: flex;
            flex-direction: column;
            height: 100dvh;
          }
          header {
            padding: 0.75rem 1rem;
            background: #0b5;
            color: #fff;
            display: flex;
            justify-content: space-between;
            align-items: center;
            gap: 0.5rem;
          }
          header button {
            background: #fff;
            color: #064;
            border: 0;
            border-radius: 1rem;
            padding: 0.35rem 0.7rem;
            font-size: 0.95rem;
          }
          header h1 {
            font-size: 1.1rem;
            margin: 0;
          }
          #log {
            flex: 1;
            overflow-y: auto;
            padding: 1rem;
            display: flex;
            flex-direction: column;
            gap: 0.5rem;
          }
          .msg {
            max-width: 85%;
            padding: 0.6rem 0.8rem;
            border-radius: 0.8rem;
            white-space: pre-wrap;
            line-height: 1.4;
          }
          .bot {
            background: #fff;
            align-self: flex-start;
            border: 1px solid #ddd;
          }
          .me {
            background: #0b5;
            color: #fff;
            align-self: flex-end;
          }
          #choices {
            display: flex;
            flex-wrap: wrap;
            gap: 0.4rem;
            padding: 0 1rem 0.5rem;
          }
          #choices button {
            border: 1px solid #0a4;
            background: #fff;
            color: #064;
            border-radius: 1rem;
            padding: 0.45rem 0.8rem;
            font-size: 1rem;
          }
          form {
            display: flex;
            gap: 0.5rem;
            padding: 0.75rem 1rem;
            background: #fff;
            border-top: 1px solid #ddd;
          }
          input {
            flex: 1;
            font-size: 1rem;
            padding: 0.6rem;
            border: 1px solid #888;
            border-radius: 0.5rem;
          }
          form button {
            font-size: 1rem;
            padding: 0.6rem 1rem;
            background: #064;
            color: #fff;
            border: 0;
            border-radius: 0.5rem;
          }
          button:focus-visible,
          input:focus-visible {
            outline: 3px solid #fa0;
            outline-offset: 2px;
          }
        </style>
      </head>
      <body>
        <main>
          <header>
            <h1>${t.title}</h1>
            <button type="button" id="language" data-postback="cmd=language">
              🌐 ${t.language}
            </button>
          </header>
          <div id="log" role="log" aria-live="polite" aria-label="${t.conversation}"></div>
          <div id="choices" role="group" aria-label="${t.choices}"></div>
          <form id="send">
            <label for="text" style="position:absolute;left:-9999px">${t.label}</label>
            <input
              id="text"
              name="text"
              autocomplete="off"
              maxlength="2000"
              placeholder="${t.placeholder}"
            />
            <button type="submit">${t.send}</button>
          </form>
          <noscript><p style="padding:1rem">${t.noscript}</p></noscript>
        </main>
        <script>
          ${raw(SCRIPT)};
        </script>
      </body>
    </html>`;

const SCRIPT = String.raw`
(() => {
  const log = document.getElementById('log');
  const choices = document.getElementById('choices');
  const form = document.getElementById('send');
  const input = document.getElementById('text');
  let after = Number(sessionStorage.getItem('after') || 0);
  const id = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  const bubble = (text, who) => {
    const div = document.createElement('div');
    div.className = 'msg ' + who;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  };
  const showChoices = (list) => {
    choices.replaceChildren();
    for (const c of list || []) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = c.label;
      b.onclick = () => { bubble(c.label, 'me'); choices.replaceChildren(); send({ type: 'postback', data: c.data }); };
      choices.appendChild(b);
    }
  };
  const send = (event) => fetch('/chat/api/events', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: id(), ...event }),
  });
  const poll = async () => {
    try {
      const res = await fetch('/chat/api/messages?after=' + after);
      const body = await res.json();
      for (const batch of body.batches || []) {
        for (const m of batch.messages) bubble(m.text, 'bot');
        const last = batch.messages[batch.messages.length - 1];
        showChoices(last && last.choices);
        after = batch.id;
        sessionStorage.setItem('after', String(after));
      }
    } catch (e) { /* offline for a moment: try again */ }
    setTimeout(poll, 1000);
  };
  document.getElementById('language').onclick = (e) => {
    bubble(e.currentTarget.textContent, 'me');
    send({ type: 'postback', data: 'cmd=language' });
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    bubble(text, 'me');
    input.value = '';
    send({ type: 'text', text });
  });
  if (after === 0) send({ type: 'start' });
  poll();
})();
`;
