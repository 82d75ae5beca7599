/**
 * What `nebulahex demo` seeds: one online outdoor-gear shop with three bots and twenty scripted
 * conversations over the last four days, in every status. Pure data; `demo.ts` plays it through
 * the same services the API and the widget channel use.
 */

/** A bot's configuration, field for field the file `nebulahex bot create --config` reads (README, Bot configuration). */
export interface DemoBotConfig {
  greeting: string;
  fallbackMessage: string;
  confidenceThreshold: number;
  fallbackLimit: number;
  escalationPhrases: string[];
  leadCapture: boolean;
  knowledgeBase: { question: string; answer: string; keywords: string[] }[];
  orderSource: { type: 'sample'; orders: Record<string, string> };
}

export type DemoBotKey = 'help' | 'shop' | 'holiday';

export interface DemoBot {
  key: DemoBotKey;
  name: string;
  isActive: boolean;
  /** Days before the first conversation the bot was created. */
  createdDaysEarlier: number;
  config: DemoBotConfig;
}

export const DEMO_WORKSPACE = {
  name: 'Northwind Outfitters (demo)',
  ownerEmail: 'demo@nebulahex.example',
  ownerName: 'Demo Owner',
};

/**
 * The demo shop's orders, as the bots' built-in `sample` order source answers them: a customer's
 * "Where is order #1001?" gets "Order #1001 is <status>." and emits `order.lookup`, in the seed and
 * when someone chats with a demo bot.
 */
export const DEMO_ORDERS: Record<string, string> = {
  '1001': 'out for delivery with DHL, arriving today by 18:00',
  '1013': 'delivered (Monday at 10:42)',
  '1042': 'shipped with DHL, due to arrive tomorrow',
  '1043': 'being packed and will ship today',
  '1077': 'delayed at our warehouse; the new estimated ship date is Friday',
};

const ORDER_SOURCE: DemoBotConfig['orderSource'] = { type: 'sample', orders: DEMO_ORDERS };

const HELP = {
  hours:
    "Our team answers 9:00–17:00 CET, Monday to Friday. I'm here around the clock for shipping, returns and orders.",
  shipping:
    'Orders placed before 14:00 CET ship the same day. Delivery takes 2–4 business days in the EU and 5–8 business days elsewhere.',
  shippingCost: "Shipping is free on orders over €60; below that it's €4.90 in the EU and €14.90 elsewhere.",
  returns:
    'You can return unused items within 30 days for a full refund. Start at northwind.example/returns and print the free label.',
  refund:
    'Refunds go back to your original payment method within 3–5 business days after your return reaches our warehouse.',
  password: 'Use "Forgot password" on northwind.example/login; the reset link is valid for 30 minutes.',
  changeOrder:
    'Orders can be changed or cancelled from your account page within 1 hour of purchase. After that, you can return the items for free.',
};

const SHOP = {
  sizing: "Our boots run true to size. If you're between sizes, go half a size up for thick socks.",
  stock:
    "Stock is shown on each product page and updated every few minutes. Leave your email and I'll tell you when a size is back.",
  giftCards: 'Yes! Digital gift cards from €25 to €500, delivered by email instantly and valid for 3 years.',
  warranty:
    "All Northwind gear has a 2-year warranty against manufacturing defects. Send photos to our team and we'll repair or replace it.",
  clubs: 'Clubs and teams ordering 10+ items get 15% off. Our sales team can put together a quote.',
  care: 'Machine wash at 30°C with down detergent, then tumble dry low with two clean tennis balls to restore the loft.',
};

export const DEMO_BOTS: DemoBot[] = [
  {
    key: 'help',
    name: 'Help center bot',
    isActive: true,
    createdDaysEarlier: 30,
    config: {
      greeting:
        "Hi! I'm Northwind's help center bot. Ask me about shipping, returns or an order (e.g. #1042).",
      fallbackMessage:
        'Sorry, I didn\'t catch that. Could you rephrase? Type "agent" any time to reach our team.',
      confidenceThreshold: 0.55,
      fallbackLimit: 2,
      escalationPhrases: ['human', 'agent', 'talk to someone', 'real person', 'complaint'],
      leadCapture: true,
      knowledgeBase: [
        {
          question: 'What are your support hours?',
          answer: HELP.hours,
          keywords: ['hours', 'open', 'opening', 'weekend'],
        },
        {
          question: 'How long does shipping take?',
          answer: HELP.shipping,
          keywords: ['shipping', 'delivery', 'ship', 'arrive', 'how long'],
        },
        {
          question: 'How much is shipping?',
          answer: HELP.shippingCost,
          keywords: ['shipping cost', 'free shipping', 'delivery fee'],
        },
        {
          question: 'What is your return policy?',
          answer: HELP.returns,
          keywords: ['return', 'returns', 'send back', 'exchange'],
        },
        {
          question: 'When will I get my refund?',
          answer: HELP.refund,
          keywords: ['refund', 'money back', 'my money'],
        },
        {
          question: 'How do I reset my password?',
          answer: HELP.password,
          keywords: ['password', 'reset', 'log in', 'login', 'sign in'],
        },
        {
          question: 'Can I change or cancel my order?',
          answer: HELP.changeOrder,
          keywords: ['cancel', 'change my order', 'change order', 'modify'],
        },
      ],
      orderSource: ORDER_SOURCE,
    },
  },
  {
    key: 'shop',
    name: 'Shop assistant',
    isActive: true,
    createdDaysEarlier: 12,
    config: {
      greeting: 'Hey there! Looking for gear? I can help with sizes, stock, care and gift cards.',
      fallbackMessage: "Hmm, I'm not sure about that one. Could you tell me which product you mean?",
      confidenceThreshold: 0.6,
      fallbackLimit: 3,
      escalationPhrases: ['human', 'agent', 'talk to someone', 'sales team'],
      leadCapture: true,
      knowledgeBase: [
        {
          question: 'How do your hiking boots fit?',
          answer: SHOP.sizing,
          keywords: ['size', 'sizing', 'fit', 'run small', 'half size'],
        },
        {
          question: 'Is this item in stock?',
          answer: SHOP.stock,
          keywords: ['stock', 'available', 'sold out', 'restock'],
        },
        {
          question: 'Do you sell gift cards?',
          answer: SHOP.giftCards,
          keywords: ['gift card', 'voucher', 'gift'],
        },
        {
          question: 'What does the warranty cover?',
          answer: SHOP.warranty,
          keywords: ['warranty', 'broke', 'broken', 'defect', 'repair'],
        },
        {
          question: 'Do you offer team or club discounts?',
          answer: SHOP.clubs,
          keywords: ['club', 'team', 'bulk', 'discount', 'quote'],
        },
        {
          question: 'How do I wash my down jacket?',
          answer: SHOP.care,
          keywords: ['wash', 'clean', 'care', 'down jacket'],
        },
      ],
      orderSource: ORDER_SOURCE,
    },
  },
  {
    key: 'holiday',
    // A draft for the season, not switched on yet.
    name: 'Holiday returns bot',
    isActive: false,
    createdDaysEarlier: 2,
    config: {
      greeting:
        'Happy holidays! Gifts bought from 15 November to 24 December can be returned until 31 January.',
      fallbackMessage: 'Sorry, I can only help with holiday returns. Type "agent" to reach our team.',
      confidenceThreshold: 0.5,
      fallbackLimit: 2,
      escalationPhrases: ['human', 'agent'],
      leadCapture: false,
      knowledgeBase: [
        {
          question: 'Can I return a gift?',
          answer:
            'Yes: gifts bought between 15 November and 24 December can be returned until 31 January, no receipt needed.',
          keywords: ['gift', 'return', 'holiday', 'christmas'],
        },
        {
          question: 'Can I exchange a gift for another size?',
          answer:
            'Yes, exchanges for another size are free until 31 January. Start at northwind.example/returns.',
          keywords: ['exchange', 'size', 'swap'],
        },
      ],
      orderSource: ORDER_SOURCE,
    },
  },
];

/** What the bot says when it hands a conversation to the team. */
export const HANDOVER_MESSAGE = "I'm handing you over to our support team — someone will reply here shortly.";

/** One scripted event in a conversation; `after` is seconds after the previous step. */
export type DemoStep =
  | { kind: 'customer'; after: number; text: string }
  /** A knowledge-base answer, or (confidence null) a bot message that is not one. */
  | { kind: 'bot'; after: number; text: string; confidence: number | null }
  /** The bot's fallback message, and `conversation.fallback`. */
  | { kind: 'fallback'; after: number; confidence: number }
  /** `order.lookup` through the bot's order source, and the bot's reply stating the status. */
  | { kind: 'order'; after: number; orderId: string; reply: string }
  /** A team member's reply, sent through the API with the demo key (`send-message`). */
  | { kind: 'team'; after: number; text: string }
  | { kind: 'lead'; after: number; source: 'bot' | 'api'; fields: Record<string, string> }
  /**
   * The bot hands over, as the runtime does: its handover message, then `conversation.escalation`
   * (status `escalated`, handler `team`). At the fallback limit the handover is the bot's fallback
   * reply to the customer's last message (with its `confidence`), and `conversation.fallback` comes
   * between the two.
   */
  | { kind: 'escalate'; after: number; reason: 'customer_requested' }
  | { kind: 'escalate'; after: number; reason: 'fallback_limit'; confidence: number }
  | { kind: 'resolve'; after: number };

export interface DemoConversation {
  bot: DemoBotKey;
  customer: { name: string | null; email: string | null };
  /** When the customer opened the widget. */
  startedHoursAgo: number;
  steps: DemoStep[];
}

const customer = (after: number, text: string): DemoStep => ({ kind: 'customer', after, text });
const bot = (after: number, text: string, confidence: number | null): DemoStep => ({
  kind: 'bot',
  after,
  text,
  confidence,
});
const fallback = (after: number, confidence: number): DemoStep => ({ kind: 'fallback', after, confidence });
/** The bot's reply is the one the bot engine gives for a found order, from `DEMO_ORDERS`. */
const order = (after: number, orderId: string): DemoStep => ({
  kind: 'order',
  after,
  orderId,
  reply: `Order #${orderId} is ${DEMO_ORDERS[orderId]}.`,
});
const team = (after: number, text: string): DemoStep => ({ kind: 'team', after, text });
const lead = (after: number, source: 'bot' | 'api', fields: Record<string, string>): DemoStep => ({
  kind: 'lead',
  after,
  source,
  fields,
});
const escalate = (after: number): DemoStep => ({ kind: 'escalate', after, reason: 'customer_requested' });
const fallbackLimit = (after: number, confidence: number): DemoStep => ({
  kind: 'escalate',
  after,
  reason: 'fallback_limit',
  confidence,
});
const resolve = (after: number): DemoStep => ({ kind: 'resolve', after });

const MINUTE = 60;
const HOUR = 3600;
const anonymous = { name: null, email: null };

/**
 * Six open with the bot (one of them re-opened after being resolved), four open with the team,
 * four escalated, six resolved; four leads (two captured by the bot, two recorded through the API).
 */
export const DEMO_CONVERSATIONS: DemoConversation[] = [
  // --- open, handled by the bot ---
  {
    bot: 'help',
    customer: { name: 'Dana Reyes', email: 'dana.reyes@example.com' },
    startedHoursAgo: 0.3,
    steps: [
      customer(21, 'Hi! How long does shipping to Austria take?'),
      bot(1.4, HELP.shipping, 0.91),
      customer(38, 'And is shipping free?'),
      bot(1.6, HELP.shippingCost, 0.84),
    ],
  },
  {
    bot: 'shop',
    customer: { name: 'Marco Bianchi', email: null },
    startedHoursAgo: 1.1,
    steps: [
      customer(42, "Do the Ridgeline hiking boots run small? I'm usually a 43."),
      bot(1.2, SHOP.sizing, 0.88),
      customer(64, 'Is the 43.5 in stock in brown?'),
      bot(1.5, SHOP.stock, 0.77),
    ],
  },
  {
    bot: 'help',
    customer: anonymous,
    startedHoursAgo: 2.5,
    steps: [
      customer(16, 'Where is my order #1042?'),
      order(1.1, '1042'),
      customer(31, 'And order 1043? I placed two'),
      order(1.3, '1043'),
    ],
  },
  {
    bot: 'shop',
    customer: { name: 'Priya Natarajan', email: null },
    startedHoursAgo: 6,
    steps: [
      customer(27, 'Is the Alpine down jacket in size S sold out?'),
      bot(1.3, SHOP.stock, 0.81),
      customer(94, "OK, please let me know when it's back: priya.n@example.com"),
      lead(0.4, 'bot', { email: 'priya.n@example.com', name: 'Priya Natarajan' }),
      bot(0.9, "Thanks! We'll email priya.n@example.com as soon as it's back in stock.", null),
    ],
  },
  {
    bot: 'help',
    customer: { name: 'Tom Becker', email: 'tom.becker@example.com' },
    startedHoursAgo: 19,
    steps: [
      customer(33, 'my parcel came with the wrong colour whats the process'),
      fallback(1.2, 0.31),
      customer(47, 'I want to send it back and get the right one'),
      bot(1.4, HELP.returns, 0.79),
    ],
  },
  {
    bot: 'help',
    customer: { name: 'Sofia Lindqvist', email: 'sofia.l@example.com' },
    startedHoursAgo: 29,
    steps: [
      customer(18, 'How do I reset my password?'),
      bot(1.1, HELP.password, 0.95),
      resolve(11 * MINUTE),
      // The next day: the customer's message re-opens the conversation and the bot takes it back.
      customer(23 * HOUR, 'The reset link says it has expired'),
      bot(1.3, HELP.password, 0.71),
    ],
  },

  // --- open, handled by the team (a reply sent through the API paused the bot) ---
  {
    bot: 'shop',
    customer: { name: 'Lukas Meyer', email: null },
    startedHoursAgo: 1.8,
    steps: [
      customer(29, "We're a hiking club of 20 people, can we get a discount on jackets?"),
      bot(1.2, SHOP.clubs, 0.86),
      customer(63, "Yes, we'd like a quote for 20 Alpine jackets"),
      bot(1.1, SHOP.clubs, 0.9),
      team(
        4 * MINUTE,
        "Hi Lukas — Marco from our sales team here. Happy to prepare a quote for 20 Alpine jackets. What's the best email to send it to?",
      ),
      customer(2 * MINUTE, 'lukas@bergfreunde-club.example, thanks!'),
      lead(3 * MINUTE, 'api', {
        email: 'lukas@bergfreunde-club.example',
        name: 'Lukas Meyer',
        company: 'Bergfreunde Hiking Club',
        quantity: '20',
      }),
      team(12, 'Got it — the quote will be in your inbox within the hour.'),
    ],
  },
  {
    bot: 'help',
    customer: { name: 'Emma Dubois', email: 'emma.dubois@example.com' },
    startedHoursAgo: 9,
    steps: [
      customer(22, 'I returned my boots last week, when do I get my money?'),
      bot(1.3, HELP.refund, 0.89),
      team(
        31 * MINUTE,
        'Hi Emma — Sarah from Support here. Your return arrived yesterday and the refund of €149.00 was issued this morning.',
      ),
      customer(5 * MINUTE, 'Great, thank you Sarah!'),
    ],
  },
  {
    bot: 'help',
    customer: anonymous,
    startedHoursAgo: 25,
    steps: [
      customer(14, 'Any update on order 1077?'),
      order(1.2, '1077'),
      customer(41, 'That is annoying, I needed it for the weekend'),
      fallback(1.1, 0.22),
      team(
        16 * MINUTE,
        "Hi — Sarah from Support here. Sorry about the delay on #1077! We've upgraded it to express shipping at no cost; it ships today.",
      ),
      customer(2 * MINUTE, 'Thanks, appreciated'),
    ],
  },
  {
    bot: 'shop',
    customer: { name: 'Noah Williams', email: 'noah.w@example.com' },
    startedHoursAgo: 49,
    steps: [
      customer(31, 'The zipper on my Alpine jacket broke after two months'),
      bot(1.3, SHOP.warranty, 0.83),
      team(
        3 * HOUR,
        'Hi Noah, Sarah here. Sorry about that! Could you send a photo of the zipper and your order number?',
      ),
      customer(20 * MINUTE, "Sure, it's order #1021, photo sent by email"),
      team(
        31 * MINUTE,
        'Thanks Noah — a replacement jacket is on its way, no need to send the old one back.',
      ),
    ],
  },

  // --- escalated to the team ---
  {
    bot: 'help',
    customer: { name: 'Grace Kim', email: null },
    startedHoursAgo: 0.6,
    steps: [
      customer(12, 'I was charged twice for my order'),
      fallback(1.1, 0.28),
      customer(34, 'I need to talk to a human please'),
      escalate(0.6),
    ],
  },
  {
    bot: 'help',
    customer: { name: 'Oliver Smith', email: 'oliver.smith@example.com' },
    startedHoursAgo: 4.5,
    steps: [
      customer(19, 'can i pay with klarna'),
      fallback(1.2, 0.18),
      customer(44, 'pay later option??'),
      fallbackLimit(1.0, 0.24),
    ],
  },
  {
    bot: 'shop',
    customer: { name: 'Aisha Khan', email: 'aisha.khan@example.com' },
    startedHoursAgo: 14,
    steps: [
      customer(24, 'My tent arrived with a torn rainfly. I want to talk to someone.'),
      escalate(0.7),
      team(
        40 * MINUTE,
        "Hi Aisha — Sarah from Support. I'm so sorry! Could you tell me your order number so I can send a replacement rainfly?",
      ),
      customer(10 * MINUTE, "It's #1058"),
      team(
        15 * MINUTE,
        "Thank you — a replacement rainfly ships today by express. You'll get tracking by email.",
      ),
    ],
  },
  {
    bot: 'help',
    customer: { name: 'Jonas Weber', email: null },
    startedHoursAgo: 39,
    steps: [
      customer(26, "I'd like to make a complaint about your courier"),
      escalate(0.5),
      customer(5 * MINUTE, 'He left the parcel in the rain. Call me on +49 151 2345 6789'),
      team(
        90 * MINUTE,
        "Hi Jonas, Sarah from Support here — I'm sorry! I've filed a complaint with the courier and will call you this afternoon.",
      ),
      lead(MINUTE, 'api', { name: 'Jonas Weber', phone: '+49 151 2345 6789' }),
    ],
  },

  // --- resolved ---
  {
    bot: 'help',
    customer: anonymous,
    startedHoursAgo: 58,
    steps: [customer(15, 'Are you open on weekends?'), bot(1.2, HELP.hours, 0.9), resolve(HOUR)],
  },
  {
    bot: 'shop',
    customer: { name: 'Mia Rossi', email: 'mia.rossi@example.com' },
    startedHoursAgo: 68,
    steps: [customer(20, 'Has order #1013 been delivered?'), order(1.2, '1013'), resolve(30 * MINUTE)],
  },
  {
    bot: 'help',
    customer: { name: 'Ethan Brown', email: 'ethan.b@example.com' },
    startedHoursAgo: 78,
    steps: [
      customer(23, 'Can I talk to someone about changing my delivery address?'),
      escalate(0.6),
      team(
        25 * MINUTE,
        "Hi Ethan — Sarah from Support. I've updated the delivery address on order #1009 to the one you gave at checkout.",
      ),
      customer(4 * MINUTE, 'Perfect, thank you!'),
      resolve(10 * MINUTE),
    ],
  },
  {
    bot: 'help',
    customer: { name: 'Chloe Martin', email: null },
    startedHoursAgo: 44,
    steps: [
      customer(20, 'how do i change my order'),
      bot(1.2, HELP.changeOrder, 0.82),
      customer(61, "ok done, and what's your return policy?"),
      bot(1.3, HELP.returns, 0.87),
      resolve(2 * HOUR),
    ],
  },
  {
    bot: 'shop',
    customer: { name: "Liam O'Connor", email: null },
    startedHoursAgo: 87,
    steps: [
      customer(30, 'Do you sell gift cards?'),
      bot(1.1, SHOP.giftCards, 0.94),
      customer(88, 'Can you send me the details? liam.oconnor@example.com'),
      lead(0.4, 'bot', { email: 'liam.oconnor@example.com', name: "Liam O'Connor" }),
      bot(0.8, "Thanks! We'll send the details to liam.oconnor@example.com.", null),
      team(HOUR, "Hi Liam — Sarah here. I've sent our gift card brochure to your inbox."),
      resolve(2 * MINUTE),
    ],
  },
  {
    bot: 'help',
    customer: { name: 'Hannah Schulz', email: 'hannah.schulz@example.com' },
    startedHoursAgo: 32,
    steps: [
      customer(20, 'I want to return my sleeping bag'),
      bot(1.2, HELP.returns, 0.92),
      customer(2 * MINUTE, "I don't have a printer for the label"),
      fallback(1.1, 0.35),
      team(
        20 * MINUTE,
        "Hi Hannah, Sarah from Support. No printer needed: I've emailed you a QR code you can show at any DHL point.",
      ),
      customer(5 * MINUTE, 'That worked, thanks!'),
      resolve(MINUTE),
    ],
  },
];
