"""Build cases.json: the held-out set for encoding repair (issue 3), written without looking at the
repair code or its case files.

Every broken case starts from a clean text written by hand (tweets, reviews, news, subtitles,
e-mails, CSV lines in many languages) and is broken by an explicit recipe: a Python expression on
``s`` that is stored verbatim in the case (``recipe``) and evaluated here, so anyone can re-run or
question it. Parts between ``⟦`` and ``⟧`` are the only parts broken (partial mojibake next to
correct text); without markers the whole text is broken. Negative cases are clean texts that must
come out unchanged.

Rules the set keeps (checked below, so the labels cannot lie):
- expected texts are NFC, single-spaced, without leading/trailing spaces, zero-width spaces, soft
  hyphens or control characters: whitespace normalisation is a deliberate stage contract, not
  encoding repair, and is kept out of the measurement;
- a broken input differs from its expected text; a negative input equals it;
- a ``sloppy_cp1252`` case really contains a byte undefined in windows-1252, a ``cp1252`` case
  decodes strictly.

Run: ``python tests/cases/repair_heldout/make_cases.py`` (rewrites cases.json next to it).
"""

from __future__ import annotations

import html
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "cases.json"


def sloppy(data: bytes, codec: str) -> str:
    """Decode like MySQL's "latin1" and ftfy's sloppy codecs: bytes the codec leaves undefined
    (0x81, 0x8D, 0x8F, 0x90, 0x9D in windows-1252) become the Latin-1 character with that number
    (a C1 control) instead of an error. This is how most real-world mojibake keeps those bytes."""
    return "".join(
        data[i:i + 1].decode(codec, errors="strict") if _defined(data[i], codec) else chr(data[i])
        for i in range(len(data))
    )


def _defined(byte: int, codec: str) -> bool:
    try:
        bytes([byte]).decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def ncr_bytes(s: str) -> str:
    """Every non-ASCII UTF-8 byte as a decimal character reference (&#195;&#169; for é): what some
    CMS export filters do with UTF-8 they believe to be Latin-1."""
    return "".join(chr(b) if b < 128 else f"&#{b};" for b in s.encode("utf-8"))


U8_1252 = "s.encode('utf-8').decode('cp1252')"
U8_SLOPPY = "sloppy(s.encode('utf-8'), 'cp1252')"
U8_LATIN1 = "s.encode('utf-8').decode('latin-1')"
U8_MAC = "s.encode('utf-8').decode('mac_roman')"
U8_1250 = "s.encode('utf-8').decode('cp1250')"
U8_1251 = "s.encode('utf-8').decode('cp1251')"
U8_437 = "s.encode('utf-8').decode('cp437')"
DOUBLE_1252 = "s.encode('utf-8').decode('cp1252').encode('utf-8').decode('cp1252')"
DOUBLE_SLOPPY = "sloppy(sloppy(s.encode('utf-8'), 'cp1252').encode('utf-8'), 'cp1252')"
LATIN1_THEN_1252 = "s.encode('utf-8').decode('latin-1').encode('utf-8').decode('cp1252')"
TRIPLE_1252 = ("s.encode('utf-8').decode('cp1252').encode('utf-8').decode('cp1252')"
               ".encode('utf-8').decode('cp1252')")
C1 = "s.encode('cp1252').decode('latin-1')"
DROP_9D = "s.encode('utf-8').decode('cp1252', errors='ignore')"
REPLACE_9D = "s.encode('utf-8').decode('cp1252', errors='replace')"
NBSP_LOST = "s.encode('utf-8').decode('cp1252').replace('\\xa0', ' ')"
LEGACY_1251 = "s.encode('cp1251').decode('cp1252')"
LEGACY_KOI8 = "s.encode('koi8_r').decode('latin-1')"

# (label, kind, source, lang, recipe, clean text, how it arises in the wild)
BROKEN: list[tuple[str, str, str, str, str, str, str]] = []


def group(kind: str, recipe: str, how: str, rows: list[tuple[str, str, str, str]]) -> None:
    for label, source, lang, text in rows:
        BROKEN.append((f"{kind}-{label}", kind, source, lang, recipe, text, how))


group("cp1252", U8_1252, "UTF-8 bytes shown by a program that assumes Windows-1252 (Excel CSV import, "
      "old PHP pages, e-mail clients): the most common mojibake", [
    ("en-tweet-friday", "tweet", "en", "Can’t believe it’s already Friday… who’s coming tonight?"),
    ("en-review-headphones", "review", "en",
     "Great sound, but the left earcup’s hinge broke after 3 weeks. Wouldn’t buy again – 2/5."),
    ("en-news-budget", "news", "en",
     "The mayor’s office said the budget — which critics called ‘reckless’ — is not final."),
    ("en-recipe-oven", "forum", "en", "Set the oven to 180°C and bake for 25–30 minutes."),
    ("en-email-total", "email", "en", "Your order total is €49.99 (incl. 20% VAT)."),
    ("en-news-brands", "news", "en", "Apple’s iPhone® and Microsoft™ Windows were both mentioned."),
    ("en-subtitle-song", "subtitle", "en", "♪ Somewhere over the rainbow ♪"),
    ("en-news-bullets", "news", "en", "• Ceasefire talks resume\n• Aid convoy reaches Aleppo"),
    ("en-recipe-fractions", "forum", "en", "Add ½ cup sugar and ¼ tsp salt."),
    ("en-news-names", "news", "en", "Interview with Beyoncé and Zoë Saldaña at the Café de Flore."),
    ("en-comment-quote", "comment", "en", "He called it ‘a disaster’ and left."),
    ("en-csv-area", "csv", "en", "Zürich;87.9 km²;±0.2"),
    ("fr-tweet-crepe", "tweet", "fr", "J’ai mangé une crêpe à la fraise, c’était délicieux"),
    ("fr-news-reform", "news", "fr",
     "Le président a déclaré que la réforme des retraites serait adoptée « coûte que coûte »."),
    ("fr-review-hotel", "review", "fr",
     "Hôtel très propre, personnel agréable, petit-déjeuner copieux. Je recommande !"),
    ("fr-subtitle-hier", "subtitle", "fr", "— Où étais-tu hier soir ?\n— Chez Benoît, on a regardé le match."),
    ("fr-email-devis", "email", "fr", "Bonjour Frédéric, veuillez trouver ci-joint le devis."),
    ("es-forum-station", "forum", "es", "¿Dónde está la estación de tren? Gracias, señor."),
    ("es-review-food", "review", "es", "La comida estaba buenísima y el servicio fue rápido. ¡Volveremos!"),
    ("es-news-iva", "news", "es", "El Gobierno aprobó ayer la reducción del IVA para el año próximo."),
    ("es-email-invoice", "email", "es", "Estimado Sr. Martínez: adjunto la factura nº 2041."),
    ("de-tweet-muenchen", "tweet", "de", "Grüße aus München! Das Wetter ist schön, aber die Straßen sind voll."),
    ("de-csv-address", "csv", "de", "Müller;Köln;Bahnhofstraße 12;50667"),
    ("de-review-delivery", "review", "de", "Lieferung kam pünktlich, Qualität ist für den Preis überraschend gut."),
    ("de-news-quote", "news", "de", "„Das ist ein großer Tag“, sagte die Ministerin."),
    ("pt-comment-intent", "comment", "pt", "Não sei se vou conseguir, mas a intenção é boa."),
    ("pt-news-health", "news", "pt", "O ministro da Saúde anunciou ações de prevenção em São Paulo."),
    ("it-tweet-coffee", "tweet", "it", "Perché è così difficile trovare un caffè decente qui?"),
    ("it-review-size", "review", "it", "Ottima qualità, spedizione veloce. Però la taglia è più piccola del previsto."),
    ("pl-review-shipping", "review", "pl", "Świetny produkt, szybka wysyłka, polecam każdemu!"),
    ("pl-news-law", "news", "pl", "Prezydent podpisał ustawę o zmianach w kodeksie pracy."),
    ("tr-tweet-walk", "tweet", "tr", "Bugün hava çok güzel, İstanbul’da yürüyüşe çıktık."),
    ("tr-review-return", "review", "tr", "Ürün açıklamadaki gibi değil, iade etmek istiyorum."),
    ("sv-tweet-goteborg", "tweet", "sv", "Välkommen till Göteborg, vi ses på fredag!"),
    ("da-forum-food", "forum", "da", "Smørrebrød og æblekage på Nørrebro."),
    ("ja-menu-katakana", "review", "ja", "コーヒー・ケーキ・セット"),
    ("zh-news-shanghai", "news", "zh", "上海是中国最大的城市"),
    ("emoji-tweet-laugh", "tweet", "en", "I can’t 😂😂 this is the best thing I’ve seen all week"),
    ("emoji-tweet-fire", "tweet", "en", "New album drops tonight 🔥🎉"),
    ("en-news-copyright", "news", "en", "© 2016 Reuters. All rights reserved."),
    ("en-tweet-pound", "tweet", "en", "Only £5 for a pint?!"),
    ("en-news-nbsp-dateline", "news", "en", "MOSCOW (AFP) -\xa0Top US envoy John Kerry met the president."),
    ("es-news-caps", "news", "es", "PRÉSTAMO APROBADO PARA LA CIUDAD"),
    ("fr-csv-single-word", "csv", "fr", "Crème"),
    ("en-news-long", "news", "en",
     "Officials in Brussels said on Tuesday that the new rules, which take effect next year, would cut "
     "roaming charges for millions of travellers; consumer groups welcomed the move but warned that "
     "operators’ hidden fees could still rise."),
])

group("sloppy_cp1252", U8_SLOPPY, "UTF-8 read as Windows-1252 where the five undefined bytes survive as "
      "C1 controls (MySQL 'latin1' columns, browsers): closing quotes, Cyrillic 'с', Japanese hiragana", [
    ("en-news-mayor", "news", "en", "“We’re not going anywhere,” the mayor said."),
    ("en-tweet-heart", "tweet", "en", "Thank you all so much ❤️"),
    ("en-review-waterproof", "review", "en", "The “waterproof” jacket soaked through in 10 minutes."),
    ("en-news-doa", "news", "en", "Officials called the proposal “dead on arrival.”"),
    ("en-subtitle-where", "subtitle", "en", "“Where were you?”\n“Out.”"),
    ("emoji-review-thumbs", "review", "en", "Delivered on time 👍"),
    ("emoji-tweet-pray", "tweet", "en", "Praying for everyone affected 🙏"),
    ("emoji-tweet-hearteyes", "tweet", "en", "That view 😍"),
    ("ru-tweet-hello", "tweet", "ru", "Привет, как дела? Всё хорошо."),
    ("ru-news-mfa", "news", "ru", "Министерство иностранных дел России заявило о готовности к переговорам."),
    ("ru-comment-thanks", "comment", "ru", "Спасибо за статью, очень интересно!"),
    ("uk-tweet-thanks", "tweet", "uk", "Дякую, все добре."),
    ("cs-forum-pangram", "forum", "cs", "Příliš žluťoučký kůň úpěl ďábelské ódy."),
    ("cs-review-delivery", "review", "cs", "Zboží dorazilo včas, jsem spokojený."),
    ("el-news-talks", "news", "el", "Η Ελλάδα και η Τουρκία συμφώνησαν σε νέες συνομιλίες."),
    ("el-tweet-morning", "tweet", "el", "Καλημέρα σε όλους!"),
    ("ja-tweet-weather", "tweet", "ja", "今日はいい天気ですね！"),
    ("ja-news-tokyo", "news", "ja", "東京都は新たに感染者を確認したと発表した。"),
    ("pl-forum-lodz", "forum", "pl", "Zażółć gęślą jaźń. Łódź jest piękna."),
    ("es-news-mayor", "news", "es", "“No me lo puedo creer”, dijo la alcaldesa."),
    ("fr-news-fini", "news", "fr", "Il a dit : “C’est fini.”"),
    ("en-email-signoff", "email", "en", "Thanks for the “quick” reply – see you Monday."),
    ("es-news-alvaro", "news", "es", "Álvaro Morata marcó el gol de la victoria."),
    ("es-csv-indice", "csv", "es", "ÍNDICE;Página;Año"),
])

group("latin1", U8_LATIN1, "UTF-8 read as ISO-8859-1 (HTTP default charset, Python/Java latin-1 decode): "
      "punctuation becomes C1 control characters", [
    ("en-tweet-snacks", "tweet", "en", "Don’t forget: meeting’s at 3 — bring snacks."),
    ("en-news-historic", "news", "en", "“It’s a historic day,” he said."),
    ("en-comment-wait", "comment", "en", "Wait… what?"),
    ("en-email-tickets", "email", "en", "Tickets cost €35 – book now!"),
    ("fr-subtitle-quoi", "subtitle", "fr", "Qu’est-ce que c’est ?"),
    ("es-tweet-dia", "tweet", "es", "¡Qué día más bonito!"),
    ("de-email-documents", "email", "de", "Sehr geehrte Damen und Herren, anbei die Unterlagen für Dienstag."),
    ("pt-review-thanks", "review", "pt", "Obrigado pela atenção!"),
    ("it-email-request", "email", "it", "Gentile cliente, la Sua richiesta è stata ricevuta."),
    ("emoji-tweet-birthday", "tweet", "en", "Happy birthday 🎂🎈"),
    ("ru-news-capital", "news", "ru", "Москва — столица России."),
    ("zh-tweet-hello", "tweet", "zh", "你好，世界"),
])

group("macroman", U8_MAC, "UTF-8 shown by a program on a classic Mac (MacRoman): 'Don‚Äôt', 'caf√©'", [
    ("en-tweet-monday", "tweet", "en", "Don’t panic, it’s only Monday."),
    ("en-news-amazing", "news", "en", "“Amazing,” she wrote."),
    ("en-email-price", "email", "en", "Price: €12.99"),
    ("fr-review-menu", "review", "fr", "Café au lait, crème brûlée et thé."),
    ("es-subtitle-manana", "subtitle", "es", "Mañana será otro día."),
    ("de-email-gruesse", "email", "de", "Schöne Grüße aus Österreich"),
    ("pt-comment-heart", "comment", "pt", "Coração de mãe sempre cabe mais um."),
    ("it-tweet-city", "tweet", "it", "Città più bella del mondo."),
    ("sv-email-malmo", "email", "sv", "Hälsningar från Malmö"),
    ("emoji-tweet-party", "tweet", "en", "Best day ever 🎉"),
])

group("cp1250", U8_1250, "UTF-8 read as Windows-1250 (Central European Windows): 'DziÄ™kujÄ™', 'Ĺ‚'", [
    ("pl-email-thanks", "email", "pl", "Dziękuję bardzo za pomoc, wszystko działa."),
    ("pl-news-budget", "news", "pl", "Sejm przyjął ustawę budżetową."),
    ("cs-email-order", "email", "cs", "Děkuji, vaše objednávka byla odeslána."),
    ("cs-news-law", "news", "cs", "Vláda schválila nový zákon o státním rozpočtu."),
    ("hu-email-fine", "email", "hu", "Köszönöm szépen, minden rendben van."),
    ("sk-tweet-tomorrow", "tweet", "sk", "Ďakujem, uvidíme sa zajtra."),
    ("hr-email-patience", "email", "hr", "Hvala vam na strpljenju, šaljemo čim prije."),
    ("ro-comment-thanks", "comment", "ro", "Mulțumesc pentru ajutor."),
    ("en-comment-fine", "comment", "en", "It’s fine, don’t worry."),
])

group("cp1251", U8_1251, "UTF-8 read as Windows-1251 (Russian Windows): 'РџСЂРёРІРµС‚', 'вЂќ'", [
    ("ru-tweet-hello", "tweet", "ru", "Привет! Как дела?"),
    ("ru-news-decree", "news", "ru", "Президент подписал указ о новых мерах поддержки."),
    ("ru-review-product", "review", "ru", "Отличный товар, доставка быстрая, рекомендую."),
    ("ru-email-docs", "email", "ru", "Здравствуйте! Высылаю документы во вложении."),
    ("ru-news-quote", "news", "ru", "«Это было здорово», — сказал он."),
    ("uk-email-order", "email", "uk", "Дякуємо за ваше замовлення."),
    ("bg-comment-fine", "comment", "bg", "Благодаря, всичко е наред."),
    ("sr-tweet-tomorrow", "tweet", "sr", "Хвала, видимо се сутра."),
    ("en-news-thanks", "news", "en", "“Thanks,” she said."),
])

group("cp437", U8_437, "UTF-8 printed in a Windows console (code page 437): 'caf├⌐'", [
    ("fr-console-cafe", "console", "fr", "Café déjà vu"),
    ("es-console-ano", "console", "es", "Año nuevo, vida nueva."),
    ("de-console-fussball", "console", "de", "Fußball ist schön."),
    ("en-console-done", "console", "en", "It’s done."),
    ("pt-console-ok", "console", "pt", "Operação concluída com êxito."),
    ("sv-console-greeting", "console", "sv", "Hälsningar från Åre"),
])

group("double", DOUBLE_1252, "mojibake stored and then mis-decoded again (copy between two broken systems)", [
    ("en-tweet-believin", "tweet", "en", "Don’t stop believin’"),
    ("fr-review-creme", "review", "fr", "Café crème et croissant"),
    ("es-tweet-manana", "tweet", "es", "Nos vemos mañana"),
    ("en-email-euro", "email", "en", "Refund of €100 issued"),
    ("de-csv-size", "csv", "de", "Größe: M;Farbe: Grün"),
    ("pt-comment-nao", "comment", "pt", "Não concordo com você."),
    ("emoji-tweet-party", "tweet", "en", "Congrats 🎉"),
])
group("double", DOUBLE_SLOPPY, "closing quotes through two MySQL-latin1 round trips", [
    ("en-news-quote-sloppy", "news", "en", "“Hopefully,” Kerry said."),
    ("en-news-dash", "news", "en", "The deal — if it holds — ends five years of war."),
    ("zh-review-price", "review", "zh", "价格很便宜，质量很好"),
])
group("double", LATIN1_THEN_1252, "latin-1 round trip followed by a Windows-1252 one", [
    ("en-comment-latin1-1252", "comment", "en", "It’s über cool"),
])
group("double", TRIPLE_1252, "three round trips (old forum databases migrated twice)", [
    ("fr-forum-triple", "forum", "fr", "Café"),
    ("fr-forum-triple-resume", "forum", "fr", "naïve résumé"),
])

group("c1_controls", C1, "Windows-1252 text read as Latin-1 and stored as UTF-8: curly quotes become "
      "C1 control characters (U+0091-U+0094)", [
    ("en-news-test", "news", "en", "It’s a “test” – really…"),
    ("en-news-premature", "news", "en", "The company’s CEO said it was “premature.”"),
    ("fr-tweet-ete", "tweet", "fr", "L’été dernier, c’était “génial”."),
    ("en-email-bullets", "email", "en", "• item one\n• item two"),
    ("en-review-euro", "review", "en", "Costs €20, worth every cent."),
    ("en-news-brand", "news", "en", "Coca-Cola™ and Pepsi® both declined to comment."),
    ("de-news-ja", "news", "de", "„Ja“, sagte er."),
    ("en-news-decade", "news", "en", "2010–2015 — a decade of growth"),
])

BROKEN += [
    ("html_entities-en-news-amp", "html_entities", "news", "en", "s.replace('&', '&amp;')", "Tom & Jerry return to TV",
     "HTML-escaped text pasted into a plain-text field"),
    ("html_entities-en-tweet-rsquo-num", "html_entities", "tweet", "en", "s.replace('’', '&#8217;')",
     "Don’t miss it", "WordPress RSS export: curly apostrophe as a numeric reference"),
    ("html_entities-en-news-quot", "html_entities", "news", "en", "s.replace('\"', '&quot;')",
     'He said "no" twice.', "escaped attribute value copied as text"),
    ("html_entities-en-news-escape", "html_entities", "news", "en", "html.escape(s)",
     "AT&T said prices stay under $50.", "html.escape applied once too often by a template"),
    ("html_entities-fr-review-eacute", "html_entities", "review", "fr", "s.replace('é', '&eacute;').replace('è', '&egrave;')",
     "Très bon café, accueil chaleureux.", "named entities from an old HTML editor"),
    ("html_entities-en-news-double-amp", "html_entities", "news", "en", "s.replace('&', '&amp;amp;')",
     "R&D spending rose 4%.", "text escaped twice by two CMS layers"),
    ("html_entities-en-email-nbsp", "html_entities", "email", "en", "s.replace('\\xa0', '&nbsp;')",
     "Price:\xa0€10", "&nbsp; left over from an HTML e-mail"),
    ("html_entities-en-comment-rsquo", "html_entities", "comment", "en", "s.replace('’', '&rsquo;')",
     "It’s the club’s best season.", "named curly-quote entities in a comment feed"),
    ("html_entities-en-tweet-x27", "html_entities", "tweet", "en", "html.escape(s)",
     "It's raining again.", "html.escape turns ' into &#x27;"),
    ("html_entities-fr-export-ncr", "html_entities", "csv", "fr", "ncr_bytes(s)", "Café de la gare",
     "UTF-8 bytes written as numeric references (&#195;&#169;): entities that decode to mojibake"),
    ("html_entities-en-news-mdash", "html_entities", "news", "en", "s.replace('—', '&mdash;')",
     "Moscow — The talks resumed.", "named dash entity in a wire feed"),
    ("html_entities-en-comment-hellip", "html_entities", "comment", "en", "s.replace('…', '&hellip;')",
     "Well… maybe.", "named ellipsis entity in a comment feed"),
    ("html_entities-en-news-cp1252-ncr", "html_entities", "news", "en", "s.replace('’', '&#146;')",
     "Russia’s offer", "&#146;: a Windows-1252 byte number used as a character reference"),
]

# partial mojibake: only the ⟦marked⟧ part is broken, the rest was correct to begin with
group("partial", U8_1252, "correct template text next to a broken user or feed part", [
    ("en-news-seedlike", "news", "en",
     "“I would like to note our mutual effort,” Putin said, ⟦according to Russia’s⟧ state news agency."),
    ("en-comment-apostrophes", "comment", "en", "⟦It’s⟧ not that simple – it’s complicated."),
    ("es-tweet-rt", "tweet", "es", "RT @maria: ⟦¡Qué golazo!⟧ 🔥"),
    ("fr-review-body", "review", "fr", "Très bien\n⟦Produit conforme à la description, livraison rapide.⟧"),
    ("es-csv-field", "csv", "es", "17;⟦José Muñoz⟧;Málaga"),
    ("fr-email-body", "email", "fr", "Objet : Réunion de lundi\n\n⟦Bonjour à tous, la réunion est reportée.⟧"),
    ("en-tweet-emoji", "tweet", "en", "Love this 😍 ⟦so much 😂⟧"),
    ("de-email-city", "email", "de", "Adresse: Hauptstraße 5, ⟦Düsseldorf⟧"),
    ("ru-review-price", "review", "ru", "Цена: 500 ⟦рублей⟧"),
    ("fr-subtitle-cava", "subtitle", "fr", "Ça va ?\n⟦Ça va très bien, merci.⟧"),
    ("pt-news-headline", "news", "pt", "Notícias\n⟦Eleição em São Paulo: veja os resultados⟧"),
    ("en-news-byline", "news", "en", "By José Álvarez\n⟦The minister’s plan was rejected.⟧"),
])
group("partial", U8_SLOPPY, "correct name field, broken body read as MySQL latin1", [
    ("en-news-polish-name", "news", "en", "Interview with ⟦Łukasz Kowalczyk⟧, Warsaw’s new mayor."),
    ("en-review-quote", "review", "en", "5 stars – ⟦“best purchase this year”⟧"),
])
group("partial", U8_MAC, "correct greeting, body pasted from a MacRoman mail", [
    ("de-email-juergen", "email", "de", "Viele Grüße\n⟦Jürgen Weiß⟧"),
])

group("lossy", DROP_9D, "Windows-1252 decoding that drops the undefined byte 0x9D of a closing quote "
      "(strict decoders with errors='ignore')", [
    ("en-news-hello", "news", "en", "“Hello,” he said."),
    ("en-news-no", "news", "en", "She said “no.”"),
])
group("lossy", REPLACE_9D, "Windows-1252 decoding with errors='replace': the closing quote's 0x9D "
      "becomes U+FFFD ('â€�' on web pages)", [
    ("en-review-pizza", "review", "en", "The “best” pizza in town? Not even close."),
    ("en-news-stalled", "news", "en", "Talks have “stalled,” a diplomat said."),
])
group("lossy", NBSP_LOST, "'à' through Windows-1252: its second byte is NBSP, later turned into a plain "
      "space by HTML whitespace handling ('Ã ')", [
    ("fr-tweet-paris", "tweet", "fr", "Il est allé à Paris hier."),
    ("fr-news-voila", "news", "fr", "Voilà, c’est fini à la mairie."),
    ("pt-comment-praia", "comment", "pt", "Vou à praia amanhã."),
])

group("legacy_cyrillic", LEGACY_1251, "Windows-1251 Russian read as Windows-1252 (old Russian sites "
      "without a charset): not UTF-8 mojibake, outside ftfy's scope", [
    ("ru-forum-hello", "forum", "ru", "Привет, как дела? Всё хорошо."),
    ("ru-news-budget", "news", "ru", "Новости дня: правительство обсудило бюджет."),
])
group("legacy_cyrillic", LEGACY_KOI8, "KOI8-R Russian read as Latin-1 (old Usenet / e-mail)", [
    ("ru-email-welcome", "email", "ru", "Добро пожаловать на наш сайт"),
])

# (label, kind, source, lang, text, why it is a trap)
NEGATIVE: list[tuple[str, str, str, str, str, str]] = [
    # scripts and accents that must not be touched
    ("neg-fr-geneve", "negative_script", "news", "fr", "Le château de Bâle ? Non, c’est à Genève.", ""),
    ("neg-fr-age", "negative_script", "forum", "fr", "À quel âge peut-on voter ? À dix-huit ans.", ""),
    ("neg-pt-lower", "negative_script", "comment", "pt", "A mãe e a irmã não vão à praia amanhã.", ""),
    ("neg-es-nino", "negative_script", "tweet", "es", "¿Qué tal? ¡Muy bien, gracias! El niño rompió la piñata.", ""),
    ("neg-pl-pangram", "negative_script", "forum", "pl", "Zażółć gęślą jaźń. Łódź, Gdańsk i Kraków.", ""),
    ("neg-cs-pangram", "negative_script", "forum", "cs", "Příliš žluťoučký kůň úpěl ďábelské ódy.", ""),
    ("neg-tr-istanbul", "negative_script", "news", "tr", "İstanbul’da ığdırlı şoför, Çağlayan’a gitti.", ""),
    ("neg-el-question", "negative_script", "tweet", "el", "Καλημέρα! Τι κάνεις;", "Greek question mark"),
    ("neg-ru-dash", "negative_script", "comment", "ru", "Привет, как дела? — Нормально.", ""),
    ("neg-uk-yizhak", "negative_script", "news", "uk", "Їжак і ґава живуть у лісі.", ""),
    ("neg-ja-weather", "negative_script", "tweet", "ja", "こんにちは、世界。今日はいい天気ですね。", ""),
    ("neg-zh-fullwidth", "negative_script", "tweet", "zh", "你好，世界！今天天气很好。", "fullwidth CJK punctuation"),
    ("neg-ko-hello", "negative_script", "tweet", "ko", "안녕하세요, 만나서 반갑습니다.", ""),
    ("neg-ar-hello", "negative_script", "news", "ar", "مرحبا بالعالم", ""),
    ("neg-he-hello", "negative_script", "news", "he", "שלום עולם", ""),
    ("neg-hi-hello", "negative_script", "news", "hi", "नमस्ते दुनिया", ""),
    ("neg-th-hello", "negative_script", "tweet", "th", "สวัสดีครับ", ""),
    ("neg-vi-hanoi", "negative_script", "news", "vi", "Tiếng Việt rất đẹp. Hà Nội mùa thu.", ""),
    ("neg-is-name", "negative_script", "news", "is", "Guðrún Þórsdóttir býr í Reykjavík.", ""),
    ("neg-da-oresund", "negative_script", "news", "da", "Øresundsbroen og Ærø.", ""),
    ("neg-hu-pangram", "negative_script", "forum", "hu", "Árvíztűrő tükörfúrógép", ""),
    ("neg-fr-oe", "negative_script", "review", "fr", "Œuvre complète, cœur d’artichaut.", ""),
    ("neg-ca-collegi", "negative_script", "news", "ca", "El Col·legi d’Advocats de Barcelona.", ""),
    ("neg-fr-nbsp", "negative_script", "news", "fr", "Il a dit\xa0: «\xa0Non\xa0!\xa0»", "French NBSP typography"),
    # legitimate text that looks like mojibake to a byte-level test
    ("neg-pt-caps-sao", "negative_lookalike", "news", "pt", "SÃO PAULO — A PREFEITURA ANUNCIOU NOVAS MEDIDAS.",
     "Portuguese capital Ã"),
    ("neg-pt-caps-irma", "negative_lookalike", "news", "pt", "IRMÃ E MÃE CHEGARAM À CIDADE", "Ã then space"),
    ("neg-pt-caps-acao", "negative_lookalike", "news", "pt", "AÇÃO DA POLÍCIA EM SÃO JOSÉ", ""),
    ("neg-de-strasse-quote", "negative_lookalike", "news", "de", "„Grüße aus der Straße“, schrieb sie.",
     "ß“ is valid UTF-8 if read as cp1252 bytes"),
    ("neg-de-caps-dash", "negative_lookalike", "news", "de", "MÜNCHEN–BERLIN: ZÜGE FALLEN AUS", "Ü– likewise"),
    ("neg-de-caps-aerzte", "negative_lookalike", "news", "de", "ÄRZTE–VERBAND WARNT", "Ä– likewise"),
    ("neg-fr-caps-cafe-bar", "negative_lookalike", "review", "fr", "CAFÉ—BAR DU PORT", "É— likewise"),
    ("neg-en-nestle", "negative_lookalike", "news", "en", "NESTLÉ® products were recalled.", "É® likewise"),
    ("neg-fr-ete-guillemets", "negative_lookalike", "news", "fr", "Campagne «ÉTÉ» 2016", "É» likewise"),
    ("neg-de-tuev", "negative_lookalike", "review", "en", "Certified by “TÜV” in 2015.", "Ü” likewise"),
    ("neg-ro-caps", "negative_lookalike", "news", "ro", "ÎN ROMÂNIA, ŞTIINŢA ESTE IMPORTANTĂ.", "Romanian Â"),
    ("neg-fr-caps-age", "negative_lookalike", "news", "fr", "L’ÂGE D’OR DU CINÉMA", ""),
    ("neg-en-about-mojibake", "negative_lookalike", "blog", "en",
     "Broken pages often show Ã© instead of é.", "text about mojibake quotes it on purpose"),
    ("neg-en-html-tutorial", "negative_lookalike", "blog", "en", "In HTML, write &amp; to get an ampersand.",
     "a tutorial quotes an entity on purpose"),
    ("neg-es-caps-ano", "negative_lookalike", "news", "es", "¡FELIZ AÑO NUEVO!", ""),
    ("neg-ee-caps", "negative_lookalike", "news", "et", "ÕUNAPUU JA ÄÄRELINN", ""),
    # symbols, box drawing, currency
    ("neg-math-sum", "negative_symbols", "forum", "en", "∑ xᵢ ≤ √n and ∀x ∈ ℝ, x² ≥ 0", ""),
    ("neg-math-fractions", "negative_symbols", "forum", "en", "½ + ¼ = ¾", ""),
    ("neg-units", "negative_symbols", "news", "en", "±0.5 °C, 5 µm, 3×4 = 12, 10 ÷ 2 = 5", ""),
    ("neg-box-tree", "negative_symbols", "forum", "en", "├── src\n├── tests\n└── README.md",
     "box drawing looks like CP437 mojibake"),
    ("neg-box-double", "negative_symbols", "forum", "en", "╔═══╗\n║ OK ║\n╚═══╝", ""),
    ("neg-box-table", "negative_symbols", "forum", "en", "┌───┬───┐\n│ A │ B │\n└───┴───┘", ""),
    ("neg-currency", "negative_symbols", "news", "en",
     "Prices: €12,50 · £9.99 · ¥1,200 · ₹450 · ₩15,000 · R$ 30 · 25 zł", ""),
    ("neg-fr-euro-glued", "negative_symbols", "review", "fr", "5€ le café, 12€ le menu.", ""),
    ("neg-trademarks", "negative_symbols", "news", "en", "Windows® and Office™ © Microsoft", ""),
    ("neg-section", "negative_symbols", "news", "de", "§ 5 Abs. 2 ¶ 3", ""),
    ("neg-emoji-skin", "negative_symbols", "tweet", "en", "👍🏽 Great job! 🎉", ""),
    ("neg-emoji-family", "negative_symbols", "tweet", "en", "Family day 👨‍👩‍👧 🇫🇷", "ZWJ sequence and flag"),
    ("neg-emoji-keycap", "negative_symbols", "tweet", "en", "Step 1️⃣ done ✅", ""),
    # typography
    ("neg-curly-quotes", "negative_typography", "news", "en", "“Hello,” she said. ‘Fine,’ he replied.", ""),
    ("neg-straight-quotes", "negative_typography", "news", "en", "He said \"no\" and it's final.", ""),
    ("neg-rock-n-roll", "negative_typography", "news", "en", "Rock ’n’ roll in the ’90s", ""),
    ("neg-de-quotes", "negative_typography", "news", "de", "„Ja“, sagte er, ‚vielleicht‘.", ""),
    ("neg-dashes", "negative_typography", "news", "en", "Pages 10–20 — see the note… or not.", ""),
    ("neg-fr-guillemets", "negative_typography", "news", "fr", "« Non », a-t-il répondu.", ""),
    # legitimate ? and □
    ("neg-question-real", "negative_marks", "news", "en", "Last-ditch effort?", ""),
    ("neg-question-double", "negative_marks", "tweet", "en", "Really?! Who does that?", ""),
    ("neg-question-abbrev", "negative_marks", "forum", "en", "Did you mean the U.S.?", ""),
    ("neg-question-es", "negative_marks", "tweet", "es", "¿Por qué? ¿Quién lo dijo?", ""),
    ("neg-question-url", "negative_marks", "forum", "en", "See https://example.com/search?q=caf%C3%A9&lang=fr", ""),
    ("neg-checklist", "negative_marks", "email", "en", "□ Milk\n□ Eggs\n■ Bread", ""),
    ("neg-form-boxes", "negative_marks", "email", "en", "Attending: □ Yes □ No", "□ between words"),
    ("neg-playstation", "negative_marks", "forum", "en", "Press the □ button to jump.", "□ between words"),
    # code and markup
    ("neg-code-c", "negative_code", "forum", "en", 'if (a && b) { printf("%s\\n", name); }', ""),
    ("neg-code-html", "negative_code", "forum", "en", '<a href="/search?q=1&amp;page=2">next</a>', ""),
    ("neg-code-regex", "negative_code", "forum", "en", r"^\d{3}-\d{4}$", ""),
    ("neg-code-path", "negative_code", "email", "es", r"C:\Users\José\Documents\résumé.docx", ""),
    ("neg-code-latex", "negative_code", "forum", "en", r"$\alpha + \beta = \gamma$", ""),
    ("neg-code-json", "negative_code", "forum", "en", '{"name": "Zoë", "price": "€5"}', ""),
    ("neg-email-signature", "negative_code", "email", "es", "--\nJosé Martínez\nTel. +34 600 000 000", ""),
]

MARKED = re.compile("⟦(.*?)⟧", re.S)
RECIPE_GLOBALS = {"sloppy": sloppy, "ncr_bytes": ncr_bytes, "html": html, "__builtins__": {}}
BAD_WHITESPACE = re.compile(r"^ | $|  |\t|[\u00ad\u200b\u2060\ufeff]|[\x00-\x09\x0b-\x1f\x7f-\x9f]", re.M)


def apply(recipe: str, text: str) -> str:
    """Apply ``recipe`` to the marked spans of ``text`` (to all of it when nothing is marked)."""
    def run(s: str) -> str:
        return eval(recipe, dict(RECIPE_GLOBALS), {"s": s})  # noqa: S307 - recipes are this file's literals

    return MARKED.sub(lambda m: run(m.group(1)), text) if "⟦" in text else run(text)


def _check_clean(label: str, text: str) -> None:
    assert unicodedata.normalize("NFC", text) == text, f"{label}: expected text not NFC"
    assert not BAD_WHITESPACE.search(text), f"{label}: expected text has whitespace/invisible noise"


def build() -> list[dict]:
    cases = []
    for label, kind, source, lang, recipe, text, how in BROKEN:
        expected = MARKED.sub(lambda m: m.group(1), text)
        _check_clean(label, expected)
        broken = apply(recipe, text)
        assert broken != expected, f"{label}: recipe changed nothing"
        if kind == "sloppy_cp1252" or recipe == U8_SLOPPY:
            assert re.search("[\x81\x8d\x8f\x90\x9d]", broken), f"{label}: no undefined byte, use cp1252"
        cases.append({"label": label, "kind": kind, "source": source, "lang": lang,
                      "recipe": recipe + (" (on the ⟦marked⟧ spans only)" if "⟦" in text else ""),
                      "how": how, "input": broken, "expected": expected})
    for label, kind, source, lang, text, why in NEGATIVE:
        _check_clean(label, text.replace("\xa0", " "))  # NBSP is the point of neg-fr-nbsp
        cases.append({"label": label, "kind": kind, "source": source, "lang": lang,
                      "recipe": "none: clean text, must come out unchanged",
                      "how": why or "hand-written clean text", "input": text, "expected": text})
    labels = [c["label"] for c in cases]
    assert len(labels) == len(set(labels)), "duplicate labels"
    return cases


def render(cases: list[dict]) -> str:
    return json.dumps(cases, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    OUT.write_text(render(build()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
