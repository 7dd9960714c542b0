#!/usr/bin/env python3
"""Writes train.jsonl and heldout.jsonl: financial social-media posts written by the project from templates.

Seeded (same output every run). The two files use DISJOINT templates (every third template of each class goes to
heldout), so held-out figures measure generalisation to new phrasings, not memorised templates. Fillers
(tickers, numbers, emoji, hashtags, links) are shared. Run once: `python3 data/labeled/generate.py`.
"""
import json
import random
from pathlib import Path

SEED = 20240922
TICKERS = ["AAPL", "TSLA", "NVDA", "AMZN", "MSFT", "META", "GOOGL", "AMD", "NFLX", "INTC", "PLTR", "SOFI", "COIN",
           "BA", "DIS", "JPM", "XOM", "PFE", "SHOP", "UBER", "SNAP", "RIVN", "NIO", "BABA", "SPY", "QQQ", "GME",
           "AMC", "F", "GM", "CRM", "ORCL", "PYPL", "SQ", "ROKU", "MU", "WMT", "TGT", "KO", "NKE"]
COMPANIES = {"AAPL": "Apple", "TSLA": "Tesla", "NVDA": "Nvidia", "AMZN": "Amazon", "MSFT": "Microsoft",
             "META": "Meta", "GOOGL": "Alphabet", "AMD": "AMD", "NFLX": "Netflix", "INTC": "Intel",
             "PLTR": "Palantir", "SOFI": "SoFi", "COIN": "Coinbase", "BA": "Boeing", "DIS": "Disney",
             "JPM": "JPMorgan", "XOM": "Exxon", "PFE": "Pfizer", "SHOP": "Shopify", "UBER": "Uber", "SNAP": "Snap",
             "RIVN": "Rivian", "NIO": "NIO", "BABA": "Alibaba", "SPY": "the S&P", "QQQ": "the Nasdaq",
             "GME": "GameStop", "AMC": "AMC", "F": "Ford", "GM": "GM", "CRM": "Salesforce", "ORCL": "Oracle",
             "PYPL": "PayPal", "SQ": "Block", "ROKU": "Roku", "MU": "Micron", "WMT": "Walmart", "TGT": "Target",
             "KO": "Coca-Cola", "NKE": "Nike"}
POS_EMOJI = ["🚀", "🚀🚀", "📈", "💎🙌", "🔥", "💰", "🐂", "✅", "😎", ""]
NEG_EMOJI = ["📉", "🩸", "😬", "💀", "🐻", "😭", "🤡", "⚠️", ""]
NEU_EMOJI = ["", "", "👀", "🤔", "📊", ""]
HASHTAGS = ["#stocks", "#investing", "#trading", "#earnings", "#options", "#daytrading", "#markets", "#wallstreet", ""]
LINKS = ["https://t.co/x7Kq2LmP9a", "https://t.co/Ab3dE9fGh1", "https://bit.ly/3kZ9q", ""]
ANALYSTS = ["Goldman", "Morgan Stanley", "JPMorgan", "Barclays", "UBS", "Citi", "Jefferies", "Wedbush", "BofA"]

POSITIVE = [
    "${t} breaking out to new highs, this is just the start {pe}",
    "Loaded more ${t} this morning, earnings are going to crush it {pe}",
    "{c} beat on revenue and raised guidance. ${t} looking very strong {h}",
    "${t} up {p}% premarket after a huge beat {pe} {l}",
    "Bullish on ${t} long term, {c} keeps executing",
    "{a} upgrades ${t} to Buy, target raised to ${n}",
    "Calls on ${t} printing today {pe}{pe}",
    "${t} holding support perfectly, adding on every dip {pe}",
    "{c} record quarter, margins expanding, ${t} to the moon",
    "so glad I held ${t} through the dip, up {p}% this week {pe}",
    "${t} golden cross on the daily, momentum is back {h}",
    "Huge contract win for {c}, ${t} should rip from here",
    "${t} strong buy, best risk/reward in the sector right now",
    "{c} buyback of ${n}B announced, very bullish for ${t} {pe}",
    "My ${t} position is finally green, let's go {pe}",
    "${t} crushing it today, +{p}% and volume is massive",
    "Great call on ${t}, easy double from here imo",
    "${t} demand is insane, {c} can't make them fast enough {pe}",
    "Love how ${t} bounced off the 50 day, bulls in control",
    "{c} dividend hike, ${t} remains a core holding {h}",
    "${t} short squeeze incoming, shorts are trapped {pe}",
    "Beat and raise from {c}! ${t} gapping up {l}",
    "${t} analysts all raising targets after that report, bullish",
    "Bought the ${t} dip at ${n}, already up nicely {pe}",
    "{c} guidance way above consensus. ${t} is a buy here",
    "${t} rally continues, another all time high {pe} {h}",
    "Very impressed with the {c} call, ${t} going higher",
    "${t} upgraded to outperform, strong upside ahead",
    "Accumulating ${t} for years, this company is a winner",
    "${t} breakout confirmed on big volume, long and strong {pe}",
    "{c} smashed expectations, ${t} soaring after hours",
    "${t} + ${t2} both ripping today, great day for longs {pe}",
    "Best earnings in {c} history. ${t} will outperform",
    "Doubled down on ${t}, the upside here is massive",
    "${t} printing money, {c} margins at record highs {pe}",
    "Finally ${t} recovering, solid gains today and more to come",
]
NEGATIVE = [
    "${t} getting crushed today, down {p}% {ne}",
    "Sold all my ${t}, {c} guidance was a disaster {ne}",
    "{c} missed on revenue and cut guidance. ${t} tanking {h}",
    "${t} breaking down below support, next stop ${n} {ne}",
    "Bearish on ${t}, {c} is losing market share fast",
    "{a} downgrades ${t} to Sell, target cut to ${n}",
    "Puts on ${t} paying off, this thing is falling apart {ne}",
    "${t} death cross on the daily, looks ugly {h}",
    "{c} layoffs and a weak outlook, ${t} heading lower {ne}",
    "bagholding ${t} at ${n}, down {p}% and counting {ne}",
    "${t} dumping after hours on a big earnings miss {l}",
    "SEC probe into {c}, ${t} collapsing {ne}",
    "${t} is overvalued garbage, shorting it here",
    "{c} recalls thousands of units, ${t} down hard {ne}",
    "My ${t} calls expired worthless, brutal {ne}",
    "${t} red again, worst performer in my portfolio",
    "Terrible quarter from {c}, ${t} will keep bleeding {ne}",
    "${t} failed at resistance again, bears in control {ne}",
    "{c} cut the dividend, ${t} holders getting wrecked",
    "Stay away from ${t}, debt is piling up at {c}",
    "${t} gapping down {p}% on weak guidance {ne} {h}",
    "Miss on every line for {c}. ${t} sell-off accelerating",
    "${t} analysts slashing targets after that awful report",
    "Lost so much on ${t} this week, I'm done {ne}",
    "{c} warns on profits, ${t} plunges {l}",
    "${t} new 52 week low, no bottom in sight {ne}",
    "Disappointed with the {c} call, ${t} going lower",
    "${t} downgraded to underperform, more downside ahead",
    "Cutting my losses on ${t}, this company keeps failing",
    "${t} breakdown confirmed on heavy volume, short it {ne}",
    "{c} badly missed expectations, ${t} sinking after hours",
    "${t} and ${t2} both dumping today, awful day for longs {ne}",
    "Worst earnings in years for {c}. ${t} will underperform",
    "Bankruptcy risk at {c} is real, ${t} could go to zero",
    "${t} bleeding out, {c} margins collapsing {ne}",
    "Another leg down for ${t}, bulls got trapped again {ne}",
]
NEUTRAL = [
    "${t} earnings scheduled for {d} after the close {h}",
    "What is everyone's price target on ${t}? {nu}",
    "{c} to present at the {conf} conference next week. ${t}",
    "${t} trading flat today, volume about average",
    "Watching ${t} and ${t2} this week, no position yet {nu}",
    "{c} files 10-Q with the SEC {l}",
    "${t} options chain for {d} expiry, anyone looking at this?",
    "{a} maintains Neutral on ${t}, target ${n}",
    "${t} closes at ${n}, unchanged on the day",
    "{c} annual shareholder meeting set for {d}. ${t} {h}",
    "Anyone know when ${t} reports? {nu}",
    "${t} added to my watchlist, waiting for more information",
    "{c} announces new CFO effective {d}. ${t}",
    "${t} volume today vs 30 day average, chart below {l}",
    "Comparing ${t} and ${t2} valuations, spreadsheet in thread {nu}",
    "{c} will hold its investor day on {d} {h}",
    "${t} ex-dividend date is {d}",
    "Is ${t} a buy or a sell here? Honestly not sure {nu}",
    "{c} completes previously announced acquisition. ${t} {l}",
    "${t} in range between ${n} and ${n2} for weeks",
    "Reading the {c} 10-K tonight, ${t}",
    "${t} implied volatility ahead of {d} earnings {h}",
    "New filing: {c} 8-K, ${t} {l}",
    "${t} market cap now roughly ${n}B",
    "Who here holds ${t}? Curious about your thesis {nu}",
    "{c} stock split takes effect on {d}. ${t}",
    "${t} pre-market: no change so far {h}",
    "Listening to the {c} earnings call now, ${t}",
    "${t} short interest update is out {l}",
    "{c} names new board member. ${t}",
    "${t} sector weighting unchanged in the index rebalance",
    "Daily levels for ${t}: support ${n}, resistance ${n2} {nu}",
    "{c} reports deliveries on {d}, ${t} {h}",
    "${t} moved to the Nasdaq-100 list review, results {d}",
    "Thread on ${t} fundamentals, no recommendation {nu} {l}",
    "Q3 results for {c} due {d}; consensus EPS ${e}. ${t}",
]
CONFERENCES = ["Morgan Stanley TMT", "JPMorgan Healthcare", "Goldman Communacopia", "CES", "Citi Global Tech"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Oct 24", "Nov 2", "Jan 30", "Feb 14", "July 25"]
CASINGS = [lambda s: s, lambda s: s, lambda s: s, lambda s: s.lower(), lambda s: s.upper() if len(s) < 60 else s]


def fill(template: str, rng: random.Random, emoji: list[str]) -> str:
    t, t2 = rng.sample(TICKERS, 2)
    n = rng.choice([rng.randint(5, 99), rng.randint(100, 999)])
    text = template.format(
        t=t, t2=t2, c=COMPANIES[t], p=f"{rng.uniform(1.5, 25):.1f}", n=n, n2=n + rng.randint(3, 40),
        e=f"{rng.uniform(0.1, 4.5):.2f}", a=rng.choice(ANALYSTS), d=rng.choice(DAYS), conf=rng.choice(CONFERENCES),
        h=rng.choice(HASHTAGS), l=rng.choice(LINKS), pe=rng.choice(emoji), ne=rng.choice(emoji), nu=rng.choice(emoji))
    text = " ".join(text.split())
    return rng.choice(CASINGS)(text)


def build(templates_by_label, per_label: int, rng: random.Random) -> list[dict]:
    rows = []
    for label, (templates, emoji) in templates_by_label.items():
        seen = set()
        while len([r for r in rows if r["label"] == label]) < per_label:
            text = fill(rng.choice(templates), rng, emoji)
            if text not in seen:
                seen.add(text)
                rows.append({"text": text, "label": label})
    rng.shuffle(rows)
    return rows


def main() -> None:
    rng = random.Random(SEED)
    classes = {"negative": (NEGATIVE, NEG_EMOJI), "neutral": (NEUTRAL, NEU_EMOJI), "positive": (POSITIVE, POS_EMOJI)}
    train = {k: ([t for i, t in enumerate(v[0]) if i % 3 != 2], v[1]) for k, v in classes.items()}
    heldout = {k: ([t for i, t in enumerate(v[0]) if i % 3 == 2], v[1]) for k, v in classes.items()}
    here = Path(__file__).parent
    for name, templates, per_label in [("train.jsonl", train, 240), ("heldout.jsonl", heldout, 80)]:
        with open(here / name, "w", encoding="utf-8") as f:
            for row in build(templates, per_label, rng):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
