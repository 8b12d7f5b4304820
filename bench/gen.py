#!/usr/bin/env python3
"""Deterministic generator of synthetic wikis for benchmarking sitegen against Hugo.

    python3 bench/gen.py --pages N --out DIR [--seed S] [--minimal]

Writes
    DIR/sitegen/sitegen.yml          site settings (title, description, base_url, source_texts)
    DIR/sitegen/content/...          N pages in sitegen's format (+ index.md, about.md)
    DIR/sitegen/source-texts/*.txt   the documents the sources' quotes are taken from
    DIR/hugo/config.toml, content/, layouts/   a plain Hugo site with the same Markdown bodies
    DIR/corpus.json                  counts and sizes

The same --pages and --seed always give byte-identical trees. Only the standard library is used,
and nothing depends on hash ordering, the clock or the environment.

Pages: 5% sources, 15% countries, 35% policies, the rest actors. Each page has 600-900 words of
prose with `##` headings, bullet lists, *emphasis*, about 10 wiki links and 2 citations.
Every page is linked from the body of another page (a random cycle through all pages), so there
are no orphans. Names, titles, slugs and aliases are unique across the wiki after folding case,
diacritics and punctuation, so no wiki link is ambiguous.

--minimal leaves out the optional features that rely on exact semantics: quoted citations, figures,
events, links to headings ([[Page#Heading]]), callouts and source_texts.
"""

import argparse
import json
import os
import random
import shutil
import sys
import unicodedata

# --------------------------------------------------------------------------------------------
# Word banks (ASCII except the person names, which test diacritic folding). No double quotes,
# backslashes, brackets, asterisks or underscores anywhere in prose words, so any run of words is
# a valid quote and YAML double-quoted string.

SUBJECTS = [
    "the ministry", "regional officials", "the commission", "border authorities",
    "civil society groups", "the court", "local governments", "independent observers",
    "the agency", "international donors", "policy analysts", "the legislature",
    "humanitarian organizations", "employers", "provincial governors", "municipal leaders",
    "the cabinet", "opposition parties", "the ombudsman", "church networks", "legal aid clinics",
    "the finance ministry", "the interior ministry", "researchers", "the auditors",
    "the coast guard", "labor unions", "the electoral commission", "the press",
]
VERBS = [
    "expanded", "reviewed", "suspended", "funded", "criticized", "defended", "documented",
    "extended", "restricted", "negotiated", "reported on", "implemented", "challenged",
    "monitored", "delayed", "announced", "revised", "questioned", "endorsed", "scaled back",
    "audited", "relaunched", "opposed", "supported", "streamlined", "overhauled", "evaluated",
]
OBJECTS = [
    "the processing centers", "asylum screening", "work permits", "the readmission agreement",
    "temporary protection", "deportation flights", "the reception network",
    "the biometric registry", "family reunification", "visa requirements", "labor corridors",
    "the shelter system", "return programs", "the humanitarian parole scheme",
    "border infrastructure", "transit visas", "the appeals backlog", "seasonal work quotas",
    "detention standards", "the resettlement quota", "consular assistance",
    "the integration budget", "maritime patrols", "the safe third country list",
    "remittance channels", "the registration drive", "naturalization rules",
    "the regularization program", "checkpoint operations", "the asylum hearings",
]
ADVERBIALS = [
    "in the following year", "after months of debate", "despite sustained opposition",
    "under pressure from neighboring states", "with limited resources",
    "according to official figures", "during the first quarter", "for the second time",
    "amid rising arrivals", "without public consultation", "after a court order",
    "ahead of the elections", "at the request of donors", "in several border provinces",
    "over the objections of the unions", "within weeks of the announcement",
    "as part of a wider reform", "on a trial basis", "in coordination with the neighbors",
    "before the budget deadline",
]
CONNECTORS = [
    "However,", "Meanwhile,", "In practice,", "As a result,", "By contrast,",
    "At the same time,", "Later,", "Nonetheless,", "In addition,", "Since then,",
    "In response,", "Initially,",
]
CLAUSES = [
    "which increased the backlog", "while the courts weighed the legal challenges",
    "although the budget remained unchanged", "because the earlier program had lapsed",
    "which drew criticism from rights groups", "even as arrivals declined",
    "which shifted costs to the provinces", "while negotiations with donors continued",
    "although implementation remained uneven", "which observers called a turning point",
    "as officials sought to reduce waiting times", "which few municipalities could afford",
]
NUMBER_PHRASES = [
    "affecting some {n} people", "covering roughly {n} cases", "at a cost of {n} thousand dollars",
    "with {p} percent of applications approved", "involving {n} staff",
    "reducing waiting times by {p} percent", "for about {n} families",
]
EMPH = [
    "temporary", "exceptional", "binding", "voluntary", "provisional", "contested",
    "unprecedented", "limited", "mandatory", "informal",
]

HEADINGS = {
    "countries": ["Migration profile", "Border management", "Asylum system", "Labor migration",
                  "Regional agreements", "Returns and readmission", "Humanitarian situation",
                  "Remittances", "Political debate", "Data and statistics", "Outlook",
                  "Internal displacement"],
    "actors": ["Background", "Role in migration policy", "Positions", "Controversies",
               "Relations with neighbors", "Funding", "Public statements", "Legal cases",
               "Influence", "Assessment", "Organization", "Recent activity"],
    "policies": ["Background", "Provisions", "Implementation", "Legal challenges", "Funding",
                 "Effects", "Criticism", "Related measures", "Enforcement", "Evaluation",
                 "Negotiation", "Reception"],
    "sources": ["Scope", "Methodology", "Main findings", "Recommendations", "Reception",
                "Limitations", "Data", "Authorship", "Context", "Structure"],
}

ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr",
          "tr", "st", "gr", "dr", "sl", "ch", "sh", "h", "j"]
VOWELS = ["a", "e", "i", "o", "u", "ae", "ia", "ou", "ei"]
ENDINGS = ["ria", "nia", "land", "stan", "mark", "via", "dor", "ra", "sia", "tia", "ana", "ova",
           "mere", "lis", "gard", "nesia", "ador", "ino"]

FIRST = ["José", "María", "Ana", "Luis", "Carmen", "Jürgen", "Zoë", "Amélie", "Søren", "Ingrid",
         "Ahmed", "Fatima", "Chen", "Mei", "Kwame", "Ama", "Olga", "Ivan", "Lucía", "Andrés",
         "Nadia", "Omar", "Elena", "Pedro", "Sofía", "Tomás", "Hana", "Kenji", "Priya", "Ravi",
         "Grace", "Daniel", "Marta", "Jonas", "Leila", "Samir", "Ines", "Hugo", "Clara", "Felipe",
         "Rosa", "Mateo", "Aisha", "Yusuf", "Irene", "Pavel", "Dana", "Victor", "Noor", "Emil",
         "Julia", "Marco", "Lena", "Tariq", "Beatriz", "Óscar", "Renée", "François", "Zainab",
         "Malik"]
LAST = ["Ramírez", "Müller", "Ortega", "Nguyen", "Okafor", "Haddad", "Kowalski", "Silva",
        "Johansson", "Petrov", "Fernández", "García", "Moreau", "Rossi", "Yilmaz", "Kim",
        "Tanaka", "Mensah", "Novak", "Álvarez", "Schmidt", "Castillo", "Dubois", "Hernández",
        "Ibrahim", "Jensen", "Lindqvist", "Mendoza", "Nakamura", "Osei", "Pereira", "Quintero",
        "Romero", "Santos", "Torres", "Urquiza", "Vargas", "Weber", "Zapata", "Ahmadi",
        "Barros", "Cruz", "Delgado", "Espinoza", "Fuentes", "Guzmán", "Herrera", "Iglesias",
        "Jiménez", "Keller", "López", "Morales", "Navarro", "Ocampo", "Peña", "Quiroga", "Reyes",
        "Salazar", "Téllez", "Valdés", "Ward", "Young", "Zamora", "Brandt", "Costa", "Duarte",
        "Ekström", "Fischer", "Gómez", "Hoffmann", "Ivanova", "Janssen", "Kaya", "Lambert",
        "Marín", "Nieto", "Olsen", "Pardo", "Rocha", "Sousa"]
PERSON_ROLES = ["interior minister", "border commissioner", "opposition leader", "governor",
                "immigration judge", "foreign minister", "senator", "mayor", "ambassador",
                "rights advocate", "labor minister", "police chief"]
AGENCY_TYPES = [("Border Directorate", "BD"), ("Migration Service", "MS"),
                ("Interior Ministry", "IM"), ("Asylum Office", "AO"), ("Coast Guard", "CG"),
                ("Labor Ministry", "LM"), ("Refugee Commission", "RC"), ("National Police", "NP"),
                ("Consular Service", "CS"), ("Customs Authority", "CA")]
ORG_ADJ = ["Open", "Safe", "Humane", "Fair", "Secure", "United", "Global", "Regional", "Civic",
           "Independent", "Free", "Common"]
ORG_NOUN = ["Borders", "Passage", "Migration", "Asylum", "Futures", "Labor", "Harbors",
            "Routes", "Shelter", "Welcome", "Crossings", "Rights"]
ORG_FORM = ["Forum", "Coalition", "Institute", "Network", "Alliance", "Foundation", "Council",
            "Initiative", "Watch", "Project"]
GANG_ADJ = ["Black", "Red", "Silver", "Northern", "Southern", "Iron", "Golden", "Night", "Blue",
            "Grey", "White", "Jade"]
GANG_NOUN = ["Heron", "Jaguar", "Viper", "Falcon", "Wolf", "Coyote", "Scorpion", "Raven",
             "Lynx", "Hawk", "Cobra", "Fox"]
GANG_FORM = ["Network", "Cartel", "Syndicate", "Brotherhood", "Clan", "Ring"]
POLICY_TOPICS = ["Border Security", "Asylum Reform", "Labor Mobility", "Return", "Integration",
                 "Visa Facilitation", "Readmission", "Temporary Protection", "Family Unity",
                 "Anti-Smuggling", "Maritime Patrol", "Resettlement", "Regularization",
                 "Detention Standards", "Remittance"]
POLICY_FORMS = [("Act", "law"), ("Decree", "executive-action"), ("Program", "program"),
                ("Agreement", "agreement"), ("Strategy", "strategy"), ("Sanctions", "sanction"),
                ("Declaration", "declaration"), ("Regulation", "regulation"),
                ("Ruling", "court-ruling")]
OPERATION_WORDS = ["Shield", "Harbor", "Sentinel", "Compass", "Bridge", "Lantern", "Anchor",
                   "Horizon", "Beacon", "Gateway", "Summit", "Keystone", "Meridian", "Tide"]
STATUSES = ["active", "active", "active", "proposed", "suspended", "blocked", "ended", "unknown"]
ROLES = ["origin", "transit", "destination", "outside-power"]
PUBLISHERS = ["Institute for Migration Studies", "Center for Border Policy", "Refugee Law Review",
              "Committee on Home Affairs", "Regional Observatory on Mobility", "Daily Courier",
              "Ministry of the Interior", "Global Displacement Monitor", "Policy Quarterly",
              "Labor Market Council", "Humanitarian Practice Group", "Senate Minority Staff",
              "Office of the Inspector General", "Migration Data Portal", "Weekly Ledger",
              "University Press of the South", "Council on Regional Affairs", "Border Tribune"]
VIEWPOINTS = ["restrictionist", "centrist", "internationalist", "humanitarian",
              "centrist, internationalist", "libertarian", "security-focused", "academic",
              "government", "labor-oriented"]
DOC_KINDS = ["Annual Review", "Field Report", "Working Paper", "Briefing", "Hearing Record",
             "Policy Memo", "Audit", "Survey", "Essay", "Dossier"]
DOC_TOPICS = ["Border Enforcement", "Asylum Processing", "Labor Migration", "Returns",
              "Smuggling Networks", "Reception Conditions", "Regional Cooperation",
              "Displacement", "Visa Policy", "Integration Outcomes"]
TAGS = ["asylum", "border", "labor", "smuggling", "returns", "visas", "detention", "remittances",
        "humanitarian", "courts", "funding", "cooperation", "statistics", "maritime", "elections",
        "integration", "displacement", "sanctions", "protection", "data"]
MEASURES = [("Asylum applications", "applications", "recorded {v} asylum applications"),
            ("Border apprehensions", "people", "apprehended {v} people at the border"),
            ("Returns carried out", "people", "carried out {v} returns"),
            ("Work permits issued", "permits", "issued {v} work permits")]
FACT_LABELS = {
    "countries": ["Capital", "Population", "Main routes", "Neighbors", "Key agency"],
    "actors": ["Role", "Based in", "Active since", "Allies", "Known for"],
    "policies": ["Adopted by", "Scope", "Budget", "Applies to", "Successor"],
    "sources": ["Pages", "Language", "Covers", "Commissioned by"],
}
CAPITALS = ["Port", "San", "New", "Fort", "Upper", "Lake", "East", "West"]


def norm_key(s):
    """The folding a wiki-link matcher plausibly uses: diacritics, case, punctuation, spacing."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    out, prev_space = [], True
    for c in s:
        if c.isalnum():
            out.append(c)
            prev_space = False
        elif not prev_space:
            out.append(" ")
            prev_space = True
    return "".join(out).strip()


def slugify(s):
    # Slugs are ASCII: letters without a decomposition (ø, æ, ß, ł) are transliterated.
    k = norm_key(s)
    for a, b in (("ø", "o"), ("æ", "ae"), ("œ", "oe"), ("ß", "ss"), ("ł", "l"), ("đ", "d"), ("þ", "th"), ("ı", "i")):
        k = k.replace(a, b)
    k = "".join(c if (c.isascii() and c.isalnum()) else "-" for c in k)
    while "--" in k:
        k = k.replace("--", "-")
    return k.strip("-")


def yq(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrap(text, width=100, first="", rest=""):
    """Greedy word wrap on single spaces. Tokens never contain spaces except inside links, which
    may wrap (wiki links, citations and CommonMark link labels all allow a line break)."""
    words = text.split(" ")
    lines, cur = [], first
    cur_empty = True
    for w in words:
        if not w:
            continue
        if cur_empty:
            cur += w
            cur_empty = False
        elif len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = rest + w
        else:
            cur += " " + w
    lines.append(cur)
    # A continuation line must not start with something CommonMark reads as a block marker
    # (the word banks avoid these, this is a safety net): join it to the previous line.
    fixed = [lines[0]]
    for ln in lines[1:]:
        tok = ln[len(rest):].split(" ", 1)[0]
        if tok in ("-", "+", "*", "1.", "1)") or tok[:1] in "#>=<|" or tok.startswith("---"):
            fixed[-1] += " " + ln[len(rest):]
        else:
            fixed.append(ln)
    return "\n".join(fixed)


class Page:
    __slots__ = ("kind", "slug", "title", "aliases", "summary", "headings", "fm", "extra",
                 "index", "label_phrase", "country")

    def __init__(self, kind, slug, title):
        self.kind, self.slug, self.title = kind, slug, title
        self.aliases = []
        self.headings = []
        self.fm = []        # front matter lines after title/summary/aliases
        self.extra = {}
        self.country = None
        self.label_phrase = None


class Gen:
    def __init__(self, n, seed, minimal):
        self.n = n
        self.rng = random.Random(seed)
        self.minimal = minimal
        self.keys = {}          # folded name -> page slug
        self.pages = []
        self.by_kind = {"countries": [], "actors": [], "policies": [], "sources": []}
        self.source_text = {}   # source slug -> list of sentences
        self.stats = {"wiki_links": 0, "citations": 0, "quoted_citations": 0, "figures": 0,
                      "events": 0, "words": 0}

    # ---- names -------------------------------------------------------------------------------
    def claim(self, name, slug):
        k = norm_key(name)
        if not k:
            return False
        owner = self.keys.get(k)
        if owner is None:
            self.keys[k] = slug
            return True
        return owner == slug

    def new_page(self, kind, title, slug=None):
        """Create a page if its title and slug are free; otherwise return None."""
        slug = slug or slugify(title)
        if norm_key(title) in self.keys or norm_key(slug) in self.keys:
            return None
        p = Page(kind, slug, title)
        self.claim(title, slug)
        self.claim(slug, slug)
        self.pages.append(p)
        self.by_kind[kind].append(p)
        return p

    def add_alias(self, p, alias):
        k = norm_key(alias)
        if k and k not in self.keys:
            self.keys[k] = p.slug
            p.aliases.append(alias)

    def place_name(self):
        r = self.rng
        return (r.choice(ONSETS) + r.choice(VOWELS) + r.choice(ONSETS) + r.choice(VOWELS)
                + r.choice(ENDINGS)).capitalize()

    def make_names(self):
        r = self.rng
        n = self.n
        n_src = max(1, round(n * 0.05))
        n_cty = max(1, round(n * 0.15))
        n_pol = max(1, round(n * 0.35))
        n_act = max(1, n - n_src - n_cty - n_pol)

        while len(self.by_kind["countries"]) < n_cty:
            name = self.place_name()
            if r.random() < 0.1:
                p = self.new_page("countries", name + " Corridor")
                if p:
                    p.extra["type"] = "region"
                    p.label_phrase = "the corridor"
                    self.add_alias(p, "the " + name + " Corridor")
            else:
                p = self.new_page("countries", name)
                if p:
                    p.extra["type"] = "country"
                    p.label_phrase = "the country"
                    self.add_alias(p, "Republic of " + name)
            if p:
                p.country = p

        countries = self.by_kind["countries"]
        while len(self.by_kind["actors"]) < n_act:
            x = r.random()
            c = r.choice(countries)
            base = c.title.replace(" Corridor", "")
            if x < 0.55:
                first, last = r.choice(FIRST), r.choice(LAST)
                title = first + " " + last
                if r.random() < 0.35:
                    title += " " + r.choice(LAST)
                p = self.new_page("actors", title)
                if not p:
                    continue
                p.extra["type"] = "person"
                p.label_phrase = "the " + r.choice(PERSON_ROLES)
                self.add_alias(p, first[0] + ". " + title.split(" ", 1)[1])
            elif x < 0.72:
                name, acro = r.choice(AGENCY_TYPES)
                p = self.new_page("actors", base + " " + name)
                if not p:
                    continue
                p.extra["type"] = "agency"
                p.label_phrase = "the " + name.lower()
                self.add_alias(p, base[0] + acro)
            elif x < 0.86:
                title = "%s %s %s" % (r.choice(ORG_ADJ), r.choice(ORG_NOUN), r.choice(ORG_FORM))
                if r.random() < 0.5:
                    title = base + " " + title
                p = self.new_page("actors", title)
                if not p:
                    continue
                p.extra["type"] = "organization"
                p.label_phrase = "the " + title.split()[-1].lower()
                self.add_alias(p, "".join(w[0] for w in title.split()))
            elif x < 0.95:
                title = "%s %s %s" % (r.choice(GANG_ADJ), r.choice(GANG_NOUN), r.choice(GANG_FORM))
                if r.random() < 0.6:
                    title = base + " " + title
                p = self.new_page("actors", title)
                if not p:
                    continue
                p.extra["type"] = "criminal-group"
                p.label_phrase = "the group"
                self.add_alias(p, "the " + title)
            else:
                p = self.new_page("actors", "Government of " + base)
                if not p:
                    continue
                p.extra["type"] = "government"
                p.label_phrase = "the government"
                self.add_alias(p, base + " government")
            p.country = c

        while len(self.by_kind["policies"]) < n_pol:
            c = r.choice(countries)
            base = c.title.replace(" Corridor", "")
            year = r.randint(2005, 2024)
            if r.random() < 0.08:
                title = "Operation %s %s %d" % (r.choice(OPERATION_WORDS),
                                                r.choice(OPERATION_WORDS), year)
                ptype = "operation"
            else:
                topic = r.choice(POLICY_TOPICS)
                form, ptype = r.choice(POLICY_FORMS)
                if ptype == "court-ruling":
                    title = "%s Supreme Court Ruling on %s %d" % (base, topic, year)
                else:
                    title = "%s %s %s of %d" % (base, topic, form, year)
            p = self.new_page("policies", title)
            if not p:
                continue
            p.extra["type"] = ptype
            p.extra["year"] = year
            p.label_phrase = "the measure"
            p.country = c
            short = title.rsplit(" of ", 1)[0] if " of " in title else None
            if short and r.random() < 0.7:
                self.add_alias(p, short)

        while len(self.by_kind["sources"]) < n_src:
            i = len(self.by_kind["sources"]) + 1
            c = r.choice(countries)
            year = r.randint(2012, 2024)
            title = "%s of %s in %s %d" % (r.choice(DOC_KINDS), r.choice(DOC_TOPICS),
                                           c.title, year)
            p = self.new_page("sources", title, slug="src-%d" % i)
            if not p:
                continue
            p.extra["year"] = year
            p.label_phrase = "the " + title.split(" of ")[0].lower()
            p.country = c

        for p in self.pages:
            hs = HEADINGS[p.kind]
            p.headings = r.sample(hs, r.randint(4, min(6, len(hs))))
        for i, p in enumerate(self.pages):
            p.index = i

    # ---- source texts ------------------------------------------------------------------------
    def make_source_texts(self):
        for s in self.by_kind["sources"]:
            self.source_text[s.slug] = [self.plain_sentence() for _ in range(40)]

    def plain_sentence(self):
        r = self.rng
        words = []
        if r.random() < 0.3:
            words.append(r.choice(CONNECTORS))
        subj = r.choice(SUBJECTS)
        words.append(subj if words else subj[0].upper() + subj[1:])
        words.append(r.choice(VERBS))
        words.append(r.choice(OBJECTS))
        if r.random() < 0.6:
            words.append(r.choice(ADVERBIALS))
        if r.random() < 0.4:
            words[-1] += ","
            words.append(r.choice(CLAUSES))
        return " ".join(words) + "."

    def quote_from(self, src):
        """An exact excerpt (6-14 words) of one sentence of the source's document."""
        r = self.rng
        sent = r.choice(self.source_text[src.slug]).rstrip(".")
        words = sent.split(" ")
        k = min(len(words), r.randint(6, 14))
        i = r.randint(0, len(words) - k)
        q = " ".join(words[i:i + k]).rstrip(",")
        return q

    # ---- inline pieces: each returns (sitegen_markdown, hugo_markdown) ------------------------
    def link(self, t, plain_label=None):
        r = self.rng
        self.stats["wiki_links"] += 1
        url = "/%s/%s/" % (t.kind, t.slug)
        x = r.random()
        if plain_label:
            return "[[%s|%s]]" % (t.title, plain_label), "[%s](%s)" % (plain_label, url)
        if x < 0.50:
            return "[[%s]]" % t.title, "[%s](%s)" % (t.title, url)
        if x < 0.65:
            lab = t.label_phrase or t.title
            return "[[%s|%s]]" % (t.title, lab), "[%s](%s)" % (lab, url)
        if x < 0.75 and t.aliases:
            a = t.aliases[0]
            return "[[%s]]" % a, "[%s](%s)" % (a, url)
        if x < 0.80:
            return "[[%s]]" % t.slug, "[%s](%s)" % (t.slug, url)
        if x < 0.88:
            return ("[[%s/%s|%s]]" % (t.kind, t.slug, t.title), "[%s](%s)" % (t.title, url))
        if not self.minimal:
            h = r.choice(t.headings)
            lab = "%s (%s)" % (t.title, h.lower())
            return ("[[%s#%s|%s]]" % (t.title, h, lab),
                    "[%s](%s#%s)" % (lab, url, slugify(h)))
        return "[[%s]]" % t.title, "[%s](%s)" % (t.title, url)

    def cite(self, src=None):
        r = self.rng
        src = src or r.choice(self.by_kind["sources"])
        self.stats["citations"] += 1
        if not self.minimal and r.random() < 0.5:
            self.stats["quoted_citations"] += 1
            q = self.quote_from(src)
            return ' [@%s "%s"]' % (src.slug, q), " (%s)" % src.title
        return " [@%s]" % src.slug, " (%s)" % src.title

    # ---- prose -------------------------------------------------------------------------------
    def sentence(self, allow_links=True):
        """One sentence as (sitegen_md, hugo_md, word_count). Takes wiki-link targets and
        citations from self.links / self.cites at a rate that spreads them over the page."""
        r = self.rng
        parts = []   # list of (sg, hugo)

        def plain(s):
            parts.append((s, s))

        sent_left = max(1.0, self.words_left / 17.0)

        def want(stack, boost=1.0):
            return bool(stack) and r.random() < boost * len(stack) / sent_left

        if r.random() < 0.3:
            plain(r.choice(CONNECTORS))
        subj_link = None
        if allow_links and want(self.links, 0.6):
            subj_link = self.links.pop()
            parts.append(self.link(subj_link))
        else:
            s = r.choice(SUBJECTS)
            plain(s if parts else s[0].upper() + s[1:])
        plain(r.choice(VERBS))
        o = r.choice(OBJECTS)
        x = r.random()
        if x < 0.12:
            o = "the *%s* %s" % (r.choice(EMPH), o[4:]) if o.startswith("the ") else \
                "*%s* %s" % (r.choice(EMPH), o)
        elif x < 0.16:
            o = "**%s**" % o
        plain(o)
        if allow_links and subj_link is None and want(self.links, 0.6):
            plain("together with")
            parts.append(self.link(self.links.pop()))
        if r.random() < 0.5:
            plain(r.choice(ADVERBIALS))
        if r.random() < 0.25:
            ph = r.choice(NUMBER_PHRASES).format(n=r.randint(2, 98000), p=r.randint(2, 95))
            parts[-1] = (parts[-1][0] + ",", parts[-1][1] + ",")
            plain(ph)
        elif r.random() < 0.3:
            parts[-1] = (parts[-1][0] + ",", parts[-1][1] + ",")
            plain(r.choice(CLAUSES))
        sg = " ".join(p[0] for p in parts)
        hu = " ".join(p[1] for p in parts)
        if allow_links and want(self.cites):
            c_sg, c_hu = self.cite(self.cites.pop())
            sg += c_sg
            hu += c_hu
        if sg[:1].islower():
            sg = sg[0].upper() + sg[1:]
        if hu[:1].islower():
            hu = hu[0].upper() + hu[1:]
        words = len(hu.split())
        self.words_left -= words
        return sg + ".", hu + ".", words

    def paragraph(self, n_sent):
        sg, hu, w = [], [], 0
        for _ in range(n_sent):
            a, b, c = self.sentence()
            sg.append(a)
            hu.append(b)
            w += c
        return wrap(" ".join(sg)), wrap(" ".join(hu)), w

    def bullets(self):
        r = self.rng
        sg, hu, w = [], [], 0
        for _ in range(r.randint(3, 6)):
            a, b, c = self.sentence()
            sg.append(wrap(a, 98, "- ", "  "))
            hu.append(wrap(b, 98, "- ", "  "))
            w += c
        return "\n".join(sg), "\n".join(hu), w

    def callout(self):
        r = self.rng
        kind = r.choice(["EDITOR", "DISAGREEMENT", "NOTE"])
        a, b, w = self.sentence(allow_links=False)
        a2, b2, w2 = self.sentence(allow_links=False)
        sg = wrap("[!%s] %s %s" % (kind, a, a2), 100, "> ", "> ")
        hu = wrap("[!%s] %s %s" % (kind, b, b2), 100, "> ", "> ")
        return sg, hu, w + w2

    def body(self, page, successor):
        r = self.rng
        # the loop below overshoots each section's budget by about half a paragraph, and the
        # closing sentences add a few more words: this gives 600-900 words as `wc -w` counts
        target_words = r.randint(545, 800)
        self.words_left = target_words
        others = [p for p in (r.choice(self.pages) for _ in range(11)) if p is not page][:8]
        self.links = others + [successor]
        r.shuffle(self.links)
        srcs = self.by_kind["sources"]
        self.cites = [r.choice(srcs) for _ in range(2)]
        sg_blocks, hu_blocks, words = [], [], 0

        a, b, w = self.paragraph(r.randint(2, 4))
        sg_blocks.append(a); hu_blocks.append(b); words += w
        callout_at = r.randrange(len(page.headings)) \
            if (not self.minimal and r.random() < 0.25) else -1
        for hi, h in enumerate(page.headings):
            sg_blocks.append("## " + h); hu_blocks.append("## " + h)
            remaining_sections = len(page.headings) - hi
            budget = max(60, (target_words - words) // remaining_sections)
            sec_words = 0
            last_bullets = False
            while sec_words < budget:
                last_bullets = not last_bullets and r.random() < 0.25
                if last_bullets:
                    a, b, w = self.bullets()
                else:
                    a, b, w = self.paragraph(r.randint(3, 6))
                sg_blocks.append(a); hu_blocks.append(b)
                sec_words += w
            words += sec_words
            if hi == callout_at:
                a, b, w = self.callout()
                sg_blocks.append(a); hu_blocks.append(b); words += w
        # links and citations not placed yet go into a closing paragraph
        sg, hu = [], []
        self.words_left = 0
        while self.links or self.cites:
            a, b, w = self.sentence()
            sg.append(a); hu.append(b); words += w
        if sg:
            sg_blocks.append(wrap(" ".join(sg))); hu_blocks.append(wrap(" ".join(hu)))
        self.stats["words"] += words
        return "\n\n".join(sg_blocks) + "\n", "\n\n".join(hu_blocks) + "\n"

    # ---- front matter ------------------------------------------------------------------------
    def figure(self, page):
        r = self.rng
        src = r.choice(self.by_kind["sources"])
        c = page.country or page
        mname, unit, phrase = MEASURES[r.randrange(len(MEASURES))]
        year = r.randint(2015, 2023)
        v = r.randint(2, 99) * 10 ** r.randint(2, 4) + r.randint(0, 99)
        place = c.title
        sentence = "In %d, authorities in %s %s." % (year, place, phrase.format(v=v))
        self.source_text[src.slug].insert(r.randrange(len(self.source_text[src.slug]) + 1),
                                          sentence)
        self.stats["figures"] += 1
        return [
            "  - label: %s" % yq("%s in %s, %d" % (mname, place, year)),
            "    value: %d" % v,
            "    unit: %s" % unit,
            "    as_of: %s" % yq(str(year)),
            "    measure: %s" % yq("%s in %s" % (mname, place)),
            "    source: %s" % src.slug,
            "    quote: %s" % yq("authorities in %s %s" % (place, phrase.format(v=v))),
        ]

    def event(self, page):
        r = self.rng
        src = r.choice(self.by_kind["sources"])
        y = page.extra.get("year", 2015)
        m = r.randint(1, 12)
        d = r.randint(1, 28)
        months = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]
        sentence = "The %s took effect on %d %s %d." % (page.title, d, months[m - 1], y)
        self.source_text[src.slug].insert(r.randrange(len(self.source_text[src.slug]) + 1),
                                          sentence)
        self.stats["events"] += 1
        return [
            '  - date: "%04d-%02d-%02d"' % (y, m, d),
            "    text: %s" % yq("The measure takes effect in [[%s]]." % page.country.title),
            "    source: %s" % src.slug,
            "    quote: %s" % yq("took effect on %d %s %d" % (d, months[m - 1], y)),
        ]

    def fact_value(self, page, label):
        # Every infobox row cites a source, as the wiki's rules ask.
        v = self.fact_text(page, label)
        if "[@" not in v:
            v += " [@%s]" % self.rng.choice(self.by_kind["sources"]).slug
        return v

    def fact_text(self, page, label):
        r = self.rng
        if label in ("Capital",):
            return "%s %s" % (r.choice(CAPITALS), self.place_name())
        if label in ("Population", "Budget", "Pages"):
            return "%d.%d million [@%s]" % (r.randint(2, 90), r.randint(0, 9),
                                            r.choice(self.by_kind["sources"]).slug)
        if label in ("Active since",):
            return str(r.randint(1990, 2022))
        if label in ("Language",):
            return r.choice(["English", "Spanish", "French", "Portuguese"])
        t = r.choice(self.pages)
        while t is page:
            t = r.choice(self.pages)
        self.stats["wiki_links"] += 1
        return "[[%s]]" % t.title

    def front_matter(self, page):
        r = self.rng
        L = ["---", "title: %s" % yq(page.title)]
        c = page.country
        if page.kind == "countries":
            summ = "A %s on the migration routes, with %s." % (page.extra["type"],
                                                               r.choice(OBJECTS))
        elif page.kind == "actors":
            summ = "%s %s involved in %s." % (
                "An" if page.extra["type"][0] in "aeiou" else "A",
                page.extra["type"].replace("-", " "),
                                              r.choice(OBJECTS))
        elif page.kind == "policies":
            t = page.extra["type"].replace("-", " ")
            summ = "%s %s of %s concerning %s." % ("An" if t[0] in "aeiou" else "A", t,
                                                   c.title, r.choice(OBJECTS))
        else:
            summ = "A document on %s in %s." % (r.choice(OBJECTS), c.title)
        page.summary = summ
        L.append("summary: %s" % yq(summ))
        if page.aliases:
            L.append("aliases:")
            L += ["  - %s" % yq(a) for a in page.aliases]
        L.append("tags:")   # block lists only: no flow style anywhere
        L += ["  - %s" % t for t in r.sample(TAGS, r.randint(1, 3))]
        rel = [p for p in (r.choice(self.pages) for _ in range(2)) if p is not page]
        if rel:
            L.append("related:")
            L += ["  - %s" % yq(p.title) for p in rel]
        labels = r.sample(FACT_LABELS[page.kind], r.randint(2, len(FACT_LABELS[page.kind])))
        L.append("facts:")
        L += ["  %s: %s" % (lab, yq(self.fact_value(page, lab))) for lab in labels]
        if page.kind == "countries":
            L.append("type: %s" % page.extra["type"])
            L.append("roles:")
            L += ["  - %s" % x for x in r.sample(ROLES, r.randint(1, 2))]
        elif page.kind == "actors":
            L.append("type: %s" % page.extra["type"])
            L.append("countries:")
            L.append("  - %s" % yq(c.title))
        elif page.kind == "policies":
            L.append("type: %s" % page.extra["type"])
            status = r.choice(STATUSES)
            L.append("status: %s" % status)
            y = page.extra["year"]
            L.append('start: "%d-%02d"' % (y, r.randint(1, 12)))
            if status == "ended":
                L.append('end: "%d"' % min(2025, y + r.randint(1, 4)))
            L.append("countries:")
            L.append("  - %s" % yq(c.title))
            acts = [r.choice(self.by_kind["actors"]) for _ in range(r.randint(1, 2))]
            if len(acts) == 2 and acts[0] is acts[1]:
                acts.pop()
            L.append("actors:")
            L += ["  - %s" % yq(a.title) for a in acts]
        elif page.kind == "sources":
            L.append("publisher: %s" % yq(r.choice(PUBLISHERS)))
            if r.random() < 0.2:
                L.append("author: Unknown")
            else:
                L.append("author: %s" % yq(r.choice(FIRST) + " " + r.choice(LAST)))
            y = page.extra["year"]
            L.append('date: "%d"' % y if r.random() < 0.6 else 'date: "%d-%02d"' % (
                y, r.randint(1, 12)))
            L.append("viewpoint: %s" % yq(r.choice(VIEWPOINTS)))
            L.append("document: %s.txt" % page.slug)
        if not self.minimal:
            if page.kind in ("countries", "policies") or r.random() < 0.15:
                L.append("figures:")
                for _ in range(r.randint(1, 2)):
                    L += self.figure(page)
            if page.kind == "policies" and r.random() < 0.5:
                L.append("events:")
                L += self.event(page)
        L.append("---")
        return "\n".join(L) + "\n\n"

    # ---- output ------------------------------------------------------------------------------
    def run(self, out):
        self.make_names()
        self.make_source_texts()
        order = self.pages[:]
        self.rng.shuffle(order)
        successor = {order[i].slug: order[(i + 1) % len(order)] for i in range(len(order))}

        sg_root = os.path.join(out, "sitegen")
        hu_root = os.path.join(out, "hugo")
        for d in (sg_root, hu_root):
            if os.path.exists(d):
                shutil.rmtree(d)
        for k in self.by_kind:
            os.makedirs(os.path.join(sg_root, "content", k))
            os.makedirs(os.path.join(hu_root, "content", k))
        sizes = {"sitegen_md_bytes": 0, "hugo_md_bytes": 0}

        def write(path, text, key=None):
            data = text.encode("utf-8")
            with open(path, "wb") as f:
                f.write(data)
            if key:
                sizes[key] += len(data)

        for p in self.pages:
            fm = self.front_matter(p)
            sg_body, hu_body = self.body(p, successor[p.slug])
            write(os.path.join(sg_root, "content", p.kind, p.slug + ".md"), fm + sg_body,
                  "sitegen_md_bytes")
            hfm = "---\ntitle: %s\nsummary: %s\n---\n\n" % (yq(p.title), yq(p.summary))
            write(os.path.join(hu_root, "content", p.kind, p.slug + ".md"), hfm + hu_body,
                  "hugo_md_bytes")

        # home and about pages
        home_sg = ["Synthetic wiki of %d pages for benchmarking." % self.n, ""]
        home_hu = list(home_sg)
        for k in ("countries", "actors", "policies", "sources"):
            home_sg.append("## " + k.capitalize())
            home_hu.append("## " + k.capitalize())
            home_sg.append("")
            home_hu.append("")
            for p in self.by_kind[k][:25]:
                home_sg.append("- [[%s/%s|%s]]" % (p.kind, p.slug, p.title))
                home_hu.append("- [%s](/%s/%s/)" % (p.title, p.kind, p.slug))
            home_sg.append("")
            home_hu.append("")
        home_sg.append("See [About](about/).")
        home_hu.append("See [About](about/).")
        write(os.path.join(sg_root, "content", "index.md"),
              '---\ntitle: "Benchmark Wiki"\nsummary: "A synthetic wiki."\n---\n\n'
              + "\n".join(home_sg) + "\n", "sitegen_md_bytes")
        write(os.path.join(hu_root, "content", "_index.md"),
              '---\ntitle: "Benchmark Wiki"\nsummary: "A synthetic wiki."\n---\n\n'
              + "\n".join(home_hu) + "\n", "hugo_md_bytes")
        about = ("---\ntitle: \"About\"\nsummary: \"What this wiki is.\"\n---\n\n"
                 "This wiki is generated by `bench/gen.py` with %d pages. Its text is "
                 "meaningless but shaped like a real briefing wiki.\n" % self.n)
        write(os.path.join(sg_root, "content", "about.md"), about, "sitegen_md_bytes")
        write(os.path.join(hu_root, "content", "about.md"), about, "hugo_md_bytes")

        # source texts
        st_bytes = 0
        if not self.minimal:
            os.makedirs(os.path.join(sg_root, "source-texts"))
            for s in self.by_kind["sources"]:
                sents = self.source_text[s.slug]
                paras = [" ".join(sents[i:i + 6]) for i in range(0, len(sents), 6)]
                text = s.title + "\n\n" + "\n\n".join(wrap(p, 72) for p in paras) + "\n"
                write(os.path.join(sg_root, "source-texts", s.slug + ".txt"), text)
                st_bytes += len(text.encode("utf-8"))

        yml = ['title: "Benchmark Wiki (%d pages)"' % self.n,
               'description: "A synthetic wiki generated by bench/gen.py."',
               "base_url: https://example.org/"]
        if not self.minimal:
            yml.append("source_texts: source-texts")
        write(os.path.join(sg_root, "sitegen.yml"), "\n".join(yml) + "\n")

        # hugo site
        write(os.path.join(hu_root, "config.toml"), "\n".join([
            'baseURL = "https://example.org/"',
            'title = "Benchmark Wiki (%d pages)"' % self.n,
            'languageCode = "en"',
            'disableKinds = ["taxonomy", "term", "RSS"]',
            "enableRobotsTXT = false",
            "[markup.goldmark.renderer]",
            "  unsafe = false",
            ""]))
        lay = os.path.join(hu_root, "layouts", "_default")
        os.makedirs(lay)
        head = ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                '<title>{{ .Title }} | {{ .Site.Title }}</title>\n'
                '<meta name="description" content="{{ .Summary | plainify }}">\n</head>\n<body>\n')
        write(os.path.join(lay, "single.html"),
              head + "<main>\n<h1>{{ .Title }}</h1>\n{{ .Content }}\n</main>\n</body>\n</html>\n")
        write(os.path.join(lay, "list.html"),
              head + "<main>\n<h1>{{ .Title }}</h1>\n{{ .Content }}\n<ul>\n"
              '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>\n'
              "{{ end }}</ul>\n</main>\n</body>\n</html>\n")
        write(os.path.join(hu_root, "layouts", "index.html"),
              head + "<main>\n<h1>{{ .Title }}</h1>\n{{ .Content }}\n<ul>\n"
              '{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
              " ({{ len .Pages }})</li>\n{{ end }}</ul>\n</main>\n</body>\n</html>\n")

        info = {
            "pages": self.n,
            "files": self.n + 2,
            "kinds": {k: len(v) for k, v in self.by_kind.items()},
            "source_text_bytes": st_bytes,
            "minimal": self.minimal,
        }
        info.update(sizes)
        info.update(self.stats)
        with open(os.path.join(out, "corpus.json"), "w") as f:
            json.dump(info, f, indent=2, sort_keys=True)
            f.write("\n")
        return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="number of pages (>= 20)")
    ap.add_argument("--out", required=True, help="output folder (sitegen/ and hugo/ inside)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--minimal", action="store_true",
                    help="no quotes, figures, events, heading links or callouts")
    a = ap.parse_args()
    if a.pages < 20:
        ap.error("--pages must be at least 20")
    os.makedirs(a.out, exist_ok=True)
    info = Gen(a.pages, a.seed, a.minimal).run(a.out)
    print("wrote %d pages to %s: sitegen %.1f MB, hugo %.1f MB of Markdown, "
          "%d wiki links, %d citations" % (
              info["pages"], a.out, info["sitegen_md_bytes"] / 1e6, info["hugo_md_bytes"] / 1e6,
              info["wiki_links"], info["citations"]), file=sys.stderr)


if __name__ == "__main__":
    main()
