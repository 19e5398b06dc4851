// A real Wechaty puppet service on loopback: wechaty-puppet-service's PuppetServer serving
// wechaty-puppet-mock, driven by the tests through JSON lines on stdin; every text the bot
// sends is reported as a JSON line on stdout. Nothing here is bot logic: it plays WeChat.
//
//   PORT=8788 TOKEN=insecure_test node mock-server.mjs
//   stdin:  {"op":"contact","name":"3-2-502 王姐"}
//           {"op":"room","topic":"毛纺北3号楼群","members":["3-2-502 王姐"],"with_bot":true}
//           {"op":"say","from":"3-2-502 王姐","room":"毛纺北3号楼群","text":"...","mention_bot":true}
//           {"op":"join","room":"...","members":["小清"],"by":"李梅"}
//           {"op":"image","from":"3-2-502 王姐","room":"毛纺北3号楼群"}
//   stdout: {"event":"ready"} {"event":"login"} {"event":"sent","room":...,"to":...,"text":...,"mentions":[...],"at":ms}
import readline from 'node:readline'

import { FileBox } from 'file-box'
import { PuppetServer } from 'wechaty-puppet-service'
import { PuppetMock, mock } from 'wechaty-puppet-mock'

const port = process.env.PORT || '8788'
const token = process.env.TOKEN || 'insecure_xiaoqing_test'
const botName = process.env.BOT_NAME || '小清'

const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n')

const mocker = new mock.Mocker()
const puppet = new PuppetMock({ mocker })
const contacts = new Map()
const rooms = new Map()
const bot = mocker.createContact({ name: botName })
contacts.set(botName, bot)

// Each time the bot's client starts the puppet, log the bot in.
mocker.use(() => {
  mocker.login(bot)
  emit({ event: 'login' })
  return () => {}
})

const sendText = puppet.messageSendText.bind(puppet)
puppet.messageSendText = async (conversationId, text, mentionIdList = []) => {
  const room = [...rooms.values()].find((r) => r.id === conversationId)
  const to = [...contacts.values()].find((c) => c.id === conversationId)
  emit({
    event: 'sent',
    room: room ? room.payload.topic : null,
    to: room ? null : (to ? to.payload.name : conversationId),
    text,
    mentions: mentionIdList.map((id) => mocker.contactPayload(id).name),
    at: Date.now(),
  })
  return sendText(conversationId, text, mentionIdList)
}

const contact = (name) => {
  if (!contacts.has(name)) contacts.set(name, mocker.createContact({ name }))
  return contacts.get(name)
}

const ops = {
  contact: ({ name }) => contact(name),
  room: ({ topic, members = [], with_bot: withBot = true }) => {
    const ids = members.map((n) => contact(n).id)
    if (withBot) ids.push(bot.id)
    rooms.set(topic, mocker.createRoom({ topic, memberIdList: ids }))
  },
  say: ({ from, room, text, mention_bot: mentionBot = false }) => {
    const talker = contact(from)
    const words = mentionBot ? `@${botName}\u2005${text}` : text
    const to = room ? rooms.get(room) : bot
    if (!to) throw new Error(`no room ${room}`)
    talker.say(words, mentionBot ? [bot] : []).to(to)
  },
  image: ({ from, room }) => {
    // A picture, as residents post photos of what is broken: not a text request.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
    contact(from).say(FileBox.fromBase64(png, 'photo.png')).to(rooms.get(room))
  },
  join: ({ room, members, by }) => {
    const target = rooms.get(room)
    if (!target) throw new Error(`no room ${room}`)
    target.add(...members.map(contact)).by(by ? contact(by) : undefined)
  },
}

const server = new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token })
await server.start()
emit({ event: 'ready', port })

const input = readline.createInterface({ input: process.stdin })
input.on('line', (line) => {
  if (!line.trim()) return
  try {
    const command = JSON.parse(line)
    ops[command.op](command)
    emit({ event: 'done', id: command.id ?? null })
  } catch (error) {
    emit({ event: 'error', message: String(error) })
  }
})
input.on('close', async () => {
  await server.stop()
  process.exit(0)
})
