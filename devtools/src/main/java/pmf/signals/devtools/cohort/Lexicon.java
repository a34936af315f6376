package pmf.signals.devtools.cohort;

import static java.util.Map.entry;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Words the synthetic users and assistant speak. Clean text deliberately carries things a PII scrubber
 * must leave alone: product names, versions (v2.3.1, iOS 17), dates, prices, sizes (1024x1024), percentages.
 * It carries no emails, phone numbers, addresses, IPs, secrets or people's names: those are only planted.
 */
final class Lexicon {
  private Lexicon() {}

  /** One way to ask for something: a noun phrase (joined to a verb) or a whole sentence. */
  record Frame(Service service, boolean nounPhrase, String text) {}

  static Frame np(Service service, String text) {
    return new Frame(service, true, text);
  }

  static Frame sentence(Service service, String text) {
    return new Frame(service, false, text);
  }

  static final Map<String, String[]> BANKS = Map.ofEntries(
      entry("product", new String[] {"my handmade soy candle", "a ceramic pour-over coffee set", "these leather card wallets",
          "our new trail running shoes", "a linen tote bag", "the matcha tin (抹茶 edition)", "gold hoop earrings",
          "a bamboo toothbrush 4-pack", "the lavender soap bars", "a vintage denim jacket", "a walnut phone stand",
          "the kids' wooden puzzle", "a stainless steel water bottle", "our cold brew cans", "a chunky knit beanie",
          "a succulent in a terracotta pot", "the yoga mat in sage green", "a mechanical keyboard",
          "hand-poured resin coasters", "a reflective dog harness", "the crème brûlée candles", "our hot sauce trio",
          "a minimalist wall clock", "silk scrunchies", "the espresso grinder"}),
      entry("scene", new String[] {"on a marble countertop", "in a cozy living room", "at golden hour", "on a sandy beach",
          "with soft window light", "on a wooden table with some plants", "in a minimalist bathroom",
          "on a kitchen shelf", "in a sunlit café", "against a moody dark background", "on a picnic blanket",
          "in a snowy cabin setting", "on a concrete plinth", "next to a laptop on a desk", "in a flower field"}),
      entry("bg", new String[] {"white", "pure white", "light grey", "pastel pink", "beige", "sage green", "off-white",
          "soft blue"}),
      entry("props", new String[] {"dried flowers", "a linen napkin", "coffee beans", "some eucalyptus", "a stack of books",
          "lemon slices", "a cup of tea", "fairy lights", "pine cones"}),
      entry("light", new String[] {"soft shadows", "high-key lighting", "dramatic side light", "natural daylight",
          "warm tones", "a clean studio look"}),
      entry("store", new String[] {"Etsy", "Shopify", "Amazon", "eBay", "Depop", "my own site", "Instagram shop",
          "Faire", "Not On The High Street"}),
      entry("platform", new String[] {"Instagram", "TikTok", "LinkedIn", "X", "Facebook", "Pinterest", "Threads",
          "YouTube"}),
      entry("topic_mkt", new String[] {"our Black Friday sale", "the new autumn menu", "a webinar on Dec 4",
          "our 5th anniversary", "a giveaway that ends Sunday", "10 tips for better sleep", "behind the scenes at the studio",
          "hiring a junior designer", "the v2.0 launch of our app", "a {pct} off code", "Small Business Saturday",
          "our sustainability report", "the holiday gift guide", "a customer success story", "our new loyalty program"}),
      entry("announcement", new String[] {"a new product drop", "our holiday opening hours", "a price change to {price}",
          "the pop-up shop on {date}", "free shipping over {price}", "our new location"}),
      entry("tone", new String[] {"keep it playful", "professional but warm", "no cringe please", "witty", "short and punchy",
          "a bit cheeky", "calm and premium", "Gen Z vibe but not try-hard", "friendly, no jargon"}),
      entry("quote", new String[] {"Make it simple, but significant", "Progress over perfection",
          "Coffee first, then everything else", "Small steps every day", "Done is better than perfect", "Stay curious"}),
      entry("aspect", new String[] {"4:5", "9:16", "16:9", "1:1", "3:2", "2:3"}),
      entry("size", new String[] {"1024x1024", "1080x1350", "1536x1024", "2048x2048", "1920x1080", "1080x1920", "800x800",
          "1200x628"}),
      entry("bigsize", new String[] {"4096x4096", "6000x4000", "7680x4320", "5120x5120", "4096x6144", "8192x8192"}),
      entry("adsize", new String[] {"1200x628", "1080x1080", "300x250", "728x90", "1080x1920", "160x600", "970x250"}),
      entry("campaign", new String[] {"our winter sale (up to 40% off)", "a meal-kit subscription at {price}/week",
          "the spring collection", "a free 14-day trial of our app", "an online course launch", "a new gym opening in January",
          "our Cyber Monday deal", "a Kickstarter campaign", "the back-to-school bundle", "a local bakery's new sourdough",
          "an eco detergent refill", "a budgeting app for freelancers"}),
      entry("headline", new String[] {"Sleep better tonight", "Your new favourite mug", "Ship faster with less code",
          "Fresh bread, every morning", "Less plastic, same clean", "Learn Spanish in 10 minutes a day"}),
      entry("vsubject", new String[] {"coffee being poured in slow motion", "waves crashing at sunset",
          "a city street at night in the rain", "a cat knocking things off a desk", "hands typing on a laptop",
          "a drone shot over a pine forest", "someone unboxing sneakers", "a timelapse of clouds over mountains",
          "a golden retriever running on a beach", "neon signs in Tokyo", "a skateboarder at dusk", "steam rising from ramen",
          "a product spinning on a turntable", "autumn leaves falling in a park"}),
      entry("vstyle", new String[] {"cinematic", "lo-fi", "anime style", "shot-on-film look", "bright and energetic",
          "moody and dark", "dreamy pastel", "documentary style", "retro VHS"}),
      entry("vplatform", new String[] {"TikTok", "Reels", "YouTube Shorts", "Stories"}),
      entry("recording", new String[] {"lecture recording", "YouTube tutorial", "interview clip", "product demo",
          "lab safety briefing", "wedding speech video", "conference talk", "cooking video", "vlog"}),
      entry("subopt", new String[] {"burned in", "as an SRT file", "with speaker labels", "max 2 lines each",
          "in English and Spanish", "with timestamps every 30s", "big yellow captions TikTok style", "no filler words"}),
      entry("podtopic", new String[] {"burnout in tech", "starting a bakery", "true crime in the 90s", "indie game dev",
          "personal finance for freelancers", "marathon training", "urban gardening", "the history of jazz",
          "remote work", "AI in schools"}),
      entry("vo_line", new String[] {"Meet the bottle that keeps your coffee hot for 12 hours",
          "This winter, give something handmade", "Your morning routine just got easier",
          "Three steps. Zero stress. Try it free today", "Welcome back to the channel"}),
      entry("voice", new String[] {"warm female voice", "deep male voice", "British accent", "energetic", "calm and slow",
          "friendly American accent", "whispery ASMR"}),
      entry("app", new String[] {"my habit tracker app", "a budgeting app for students", "Plantly, my plant care app",
          "our recipe app", "a tiny pomodoro timer", "the indie game I'm building", "a Chrome extension for tab hoarders",
          "a meditation app", "my Flutter side project", "a language learning app", "a pixel-art drawing app"}),
      entry("device", new String[] {"iPhone 15 Pro", "iOS 17", "Android 14", "iPad Pro", "Pixel 8", "6.7 inch display"}),
      entry("iconstyle", new String[] {"flat and minimal", "glassmorphism", "bold gradient", "hand-drawn",
          "3D clay style", "retro pixel art", "neumorphic"}),
      entry("stack", new String[] {"React 18.2", "Next.js 14", "Django 5.0", "Flask", "Node 20", "Spring Boot 3.2",
          "Go 1.22", "Rails 7.1", "Flutter 3.19", "SwiftUI (iOS 17)", "Python 3.12", "Vue 3"}),
      entry("error", new String[] {"TypeError: Cannot read properties of undefined (reading 'map')",
          "ModuleNotFoundError: No module named 'pandas'", "a CORS error on fetch", "a hydration mismatch warning",
          "a segfault when I call free() twice", "NullPointerException in my service layer",
          "AttributeError: 'str' object has no attribute 'get'", "ECONNREFUSED on port 5432",
          "'undefined is not a function'", "a deadlock in my goroutines", "OOMKilled pods after the v1.4 deploy"}),
      entry("pytask", new String[] {"renames all my photos by the date they were taken", "resizes images to 1080px wide",
          "merges two CSV files on an id column", "watches a folder and uploads new files", "converts HEIC to JPG",
          "counts words in every .md file", "dedupes a list of products by SKU"}),
      entry("regex_task", new String[] {"matches prices like $1,299.00", "pulls hashtags out of a caption",
          "validates a hex colour", "finds dates in YYYY-MM-DD format", "splits CamelCase words"}),
      entry("sqltask", new String[] {"gets the top 10 products by revenue this month", "finds users who signed up but never ordered",
          "computes 7-day retention", "dedupes rows keeping the newest", "sums sales per week"}),
      entry("codeq", new String[] {"my useEffect runs twice", "my Docker image is 2 GB", "my CSS grid collapses on mobile",
          "git says detached HEAD", "async code runs out of order", "my test passes locally but fails in CI"}),
      entry("bashtask", new String[] {"find every .jpg over 5 MB", "rename files to lowercase", "count lines of code per folder",
          "kill whatever is on port 3000", "zip each folder separately"}),
      entry("testtarget", new String[] {"my price formatter", "the login form", "a date parser", "the cart total function"}),
      entry("subject", new String[] {"photosynthesis", "the French Revolution", "supply and demand", "Newton's third law",
          "mitosis vs meiosis", "the Krebs cycle", "derivatives in calculus", "Keynesian economics",
          "the causes of World War I", "Bayes' theorem", "organic chemistry naming rules", "the water cycle",
          "plate tectonics", "Big O notation", "the Cold War", "cognitive dissonance", "electric circuits",
          "the carbon cycle", "opportunity cost", "DNA replication"}),
      entry("exam", new String[] {"bio midterm", "AP History exam", "stats final", "chem quiz", "econ 101 final",
          "physics mock exam", "psych 200 midterm"}),
      entry("essay_topic", new String[] {"climate migration", "social media and teen mental health", "the ethics of AI art",
          "unreliable narrators in Gothic novels", "universal basic income", "the Industrial Revolution",
          "fast fashion", "space exploration funding", "school uniforms", "remote learning during 2020"}),
      entry("doc", new String[] {"cover letter", "personal statement", "scholarship application", "lab report",
          "college essay", "history paper", "grant proposal"}),
      entry("brandbiz", new String[] {"a bakery called {brandname}", "a yoga studio", "my friend's coffee truck",
          "a fintech startup", "a dog grooming salon", "a client in renewable energy", "a kids' bookshop",
          "a craft brewery called {brandname}", "a climbing gym", "a vegan skincare line"}),
      entry("brandname", new String[] {"Crumb & Co", "Northwind Roasters", "Little Fern", "Brightpath", "Oak & Ember",
          "Pixel Pantry", "Tidewater", "Maple & Pine", "Sol y Sal", "Kōbō"}),
      entry("logostyle", new String[] {"minimal line art", "retro 70s", "bold geometric", "hand-lettered", "a monogram",
          "a playful mascot", "art deco", "Swiss style"}),
      entry("oldphoto", new String[] {"my grandparents' wedding from 1962", "my dad as a kid in the 70s", "our old family house",
          "a faded polaroid from 1988", "my great-grandmother (the photo is torn)", "a school class photo from 1954",
          "my parents' first car"}),
      entry("funthing", new String[] {"a dragon made of clouds", "a tiny astronaut on a donut planet",
          "a cyberpunk city made of candy", "a corgi in a spacesuit", "a castle on a floating island", "a raccoon DJ",
          "my cat as a pirate captain", "a penguin surfing", "a cozy treehouse library", "a robot making pancakes"}),
      entry("funline", new String[] {"Ahoy, the coffee is ready!", "Happy birthday, you old sea dog",
          "Welcome to the most dramatic grocery list ever", "Tuesday again? Unbelievable"}),
      entry("style", new String[] {"minimal", "bold", "pastel", "cinematic", "Scandinavian", "Y2K", "editorial",
          "watercolor", "flat illustration", "photorealistic"}),
      entry("adj", new String[] {"brighter", "warmer", "less busy", "more premium", "more playful", "moodier", "sharper",
          "more natural", "cleaner", "punchier"}),
      entry("fmt", new String[] {"SVG", "PSD", "TIFF (CMYK)", "ProRes", "WebM", "GIF", "DOCX", "EPS"}),
      entry("tool", new String[] {"Figma", "Photoshop", "Canva", "Premiere Pro", "Final Cut", "Illustrator", "Word",
          "Cricut Design Space", "my print shop"}),
      entry("benign", new String[] {"a chef's knife on a cutting board", "a water pistol for a summer ad",
          "a bottle of red wine at a dinner party", "boxing gloves for my gym", "a baby bath toy",
          "a zombie costume for Halloween", "a hunting-style camo backpack", "a plastic toy sword"}),
      entry("langname", new String[] {"Spanish", "German", "French", "Portuguese", "Italian"}),
      entry("lang2", new String[] {"Spanish", "French", "German", "Japanese", "Portuguese"}));

  static final String[] MAKE_VERBS = {"can you make", "could you create", "make me", "generate", "please generate",
      "I need", "can I get", "create", "I'd love", "help me make", "can you whip up", "can u make", "pls make",
      "would you mind making", "I want", "give me", "let's do", "try making", "I'm looking for", "need",
      "could you put together", "I'd like", "can we get", "render"};

  static final String[] ASK_VERBS = {"can you give me", "I need", "can I get", "could you do", "I'd like", "give me",
      "looking for", "help me with", "can you put together", "please write", "need", "could you write", "can u do",
      "I want", "could I get", "mind writing"};

  static final String[] OPENERS = {"hey", "hi", "hello", "hey there", "hi again", "ok so", "okay so", "quick one:",
      "morning!", "good evening —", "right,", "so", "alright,", "yo", "hiya", "next:", "new task:", "another one:",
      "ok next", "hmm", "hey!", "hi :)", "soooo", "ok", "Hi team,", "hey Lumen,", "quick question —", "back again!",
      "ok here's what I need:", "one more:", "help!", "Hello!", "evening,", "right so", "ok cool,"};

  static final String[] CLOSERS = {"thanks!", "thx", "ty", "please", "pls", "thank you", "cheers", "if possible",
      "asap", "no rush", "🙏", ":)", "much appreciated", "thanks in advance", "(urgent)", "merci", "ta", "thank u!!"};

  static final String[] EMOJI = {"🙏", "✨", "😅", "🔥", "👀", "🙂", "😩", "🤞", "💡", "❤️", "🤔", "🚀"};

  static final String[] GENERAL_MODS = {"by {date}", "for the {date} launch", "nothing too fancy", "make it pop",
      "in a {style} style", "similar to last time", "budget is tight so keep it simple", "it retails at {price}",
      "about {pct} brighter than the last batch", "for {version} of the site", "no text on it", "{aspect} ratio",
      "at {size}", "going on {platform}", "my boss wants options", "for a client pitch"};

  static final Map<UseCase, List<Frame>> FRAMES = new EnumMap<>(UseCase.class);
  static final Map<UseCase, String[]> CONTEXTS = new EnumMap<>(UseCase.class);
  static final Map<UseCase, String[]> MODS = new EnumMap<>(UseCase.class);

  static {
    Service img = Service.IMAGE_GENERATION;
    FRAMES.put(UseCase.PRODUCT_PHOTOS, List.of(
        np(img, "{n} product shots of {product} {scene}"), np(img, "a clean packshot of {product} on a {bg} background"),
        np(img, "lifestyle photos of {product} {scene}"), np(img, "a hero image of {product} for my {store} listing"),
        np(img, "some studio-style pics of {product}, {light}"), np(img, "a flat lay with {product} and {props}"),
        np(img, "{n} variations of {product} {scene}"), sentence(img, "{product} {scene}, {light} — {n} options?"),
        np(Service.BACKGROUND_REMOVAL, "the background removed from the photo of {product}"),
        np(Service.BACKGROUND_REMOVAL, "a transparent png of {product} with the background cut out"),
        sentence(Service.BACKGROUND_REMOVAL, "just need the background gone on the pic of {product}"),
        np(Service.UPSCALE, "the shot of {product} upscaled to {size}"),
        np(Service.UPSCALE, "a sharper, higher-res version of the photo of {product}")));
    CONTEXTS.put(UseCase.PRODUCT_PHOTOS, new String[] {"I sell {product} on {store}.", "our photographer bailed 😩",
        "the listing goes live {date}.", "shooting with my phone and it looks bad.", "restocking next week.",
        "my product photos look so amateur.", "it's for the {store} shop."});
    MODS.put(UseCase.PRODUCT_PHOTOS, new String[] {"on {bg}", "{light}", "square for {store}", "with {props}",
        "the listing price is {price}", "keep the shadows soft", "no props this time"});

    FRAMES.put(UseCase.SOCIAL_MEDIA_POSTS, List.of(
        np(null, "{n} captions for a {platform} post about {topic_mkt}"), np(null, "a caption announcing {announcement}"),
        np(null, "hashtags for a post about {topic_mkt}"), np(null, "a thread for X about {topic_mkt}"),
        np(null, "a LinkedIn post about {topic_mkt}, {tone}"),
        np(img, "an image for a {platform} post about {topic_mkt}"), np(img, "a carousel cover for {topic_mkt}, {aspect}"),
        np(img, "a quote card that says '{quote}'"), np(img, "a {platform} story background for {announcement}"),
        sentence(null, "what should I post on {platform} this week about {topic_mkt}?")));
    CONTEXTS.put(UseCase.SOCIAL_MEDIA_POSTS, new String[] {"posting schedule is killing me.", "we're launching {date}.",
        "my boss wants 3 posts a day.", "engagement dropped {pct} last month.", "we post on {platform} mostly.",
        "client meeting in an hour."});
    MODS.put(UseCase.SOCIAL_MEDIA_POSTS, new String[] {"{tone}", "under 150 characters", "with a CTA",
        "add 3-5 hashtags", "no emojis", "for {platform}", "in our brand colour {hexcolor}"});

    FRAMES.put(UseCase.AD_CREATIVES, List.of(
        np(img, "a banner ad {adsize} for {campaign}"), np(img, "{n} ad variations for {campaign}"),
        np(img, "a Meta ad creative for {campaign}, {aspect}"), np(img, "a display set ({adsize} and {adsize}) for {campaign}"),
        np(img, "a Google Display banner for {campaign} with the headline '{headline}'"),
        np(Service.UPSCALE, "the winning ad upscaled for print"), np(null, "{n} headline options for {campaign}"),
        np(null, "ad copy for {campaign} under 90 characters"),
        sentence(img, "need fresh creatives for {campaign}, the old ones are fatigued")));
    CONTEXTS.put(UseCase.AD_CREATIVES, new String[] {"CTR is down to 0.8%.", "campaign starts {date}.",
        "we have {price} to spend this week.", "A/B testing two angles.", "the client hated round one."});
    MODS.put(UseCase.AD_CREATIVES, new String[] {"headline '{headline}'", "leave room for the logo", "high contrast",
        "{adsize}", "two colour options", "CTA button bottom right"});

    Service vid = Service.VIDEO_GENERATION;
    FRAMES.put(UseCase.SHORT_FORM_VIDEO, List.of(
        np(vid, "a {secs}-second vertical video of {vsubject}"), np(vid, "b-roll of {vsubject}, {vstyle}"),
        np(vid, "a {secs}s clip for {vplatform} showing {vsubject}"), np(vid, "an animated intro for my channel, {vstyle}"),
        np(vid, "a looping background video of {vsubject}"), np(vid, "a product teaser video for {product}"),
        sentence(vid, "{vsubject}, {vstyle}, {secs} seconds, vertical")));
    CONTEXTS.put(UseCase.SHORT_FORM_VIDEO, new String[] {"posting on {vplatform} tonight.", "my editor is on holiday.",
        "need b-roll for a sponsor segment.", "the last video got 40k views, want that vibe.", "stock footage is too generic."});
    MODS.put(UseCase.SHORT_FORM_VIDEO, new String[] {"{vstyle}", "9:16", "no music", "1080p is fine", "slow motion",
        "{secs} seconds max", "loopable"});

    Service tr = Service.TRANSCRIPTION;
    FRAMES.put(UseCase.VIDEO_SUBTITLES, List.of(
        np(tr, "subtitles for my {mins}-minute {recording}"), np(tr, "a transcript of this {mins} min {recording}"),
        np(tr, "captions for the {recording}, {subopt}"), np(tr, "auto-subs for my vlog, {subopt}"),
        np(tr, "a {lang2} translation of the subtitles for my {recording}"),
        sentence(tr, "uploading the {recording} now, can you subtitle it?")));
    CONTEXTS.put(UseCase.VIDEO_SUBTITLES, new String[] {"the audio is a bit echoey.", "two speakers, one has an accent.",
        "it's for accessibility.", "the prof talks really fast.", "YouTube's auto captions are garbage."});
    MODS.put(UseCase.VIDEO_SUBTITLES, new String[] {"{subopt}", "UTF-8 please", "keep the timestamps",
        "skip the intro music"});

    FRAMES.put(UseCase.PODCAST_TRANSCRIPTS, List.of(
        np(tr, "a transcript of episode {epnum} ({mins} min)"), np(tr, "show notes for my podcast episode about {podtopic}"),
        np(tr, "a transcript with timestamps of my interview on {podtopic}"),
        np(null, "{n} clip ideas from the episode about {podtopic}"),
        np(null, "a summary of the {podtopic} episode in 5 bullets")));
    CONTEXTS.put(UseCase.PODCAST_TRANSCRIPTS, new String[] {"we record on Zoom.", "episode drops {date}.",
        "the guest rambles a lot.", "new season starts soon."});
    MODS.put(UseCase.PODCAST_TRANSCRIPTS, new String[] {"with speaker names as Host/Guest", "remove ums",
        "timestamps every 5 minutes", "in Markdown"});

    FRAMES.put(UseCase.VOICEOVER, List.of(
        np(Service.TEXT_TO_SPEECH, "a voiceover for my {secs}-second ad: '{vo_line}'"),
        np(Service.TEXT_TO_SPEECH, "narration for a video about {podtopic}, {voice}"),
        np(Service.TEXT_TO_SPEECH, "a {voice} reading of this script: '{vo_line}'")));
    CONTEXTS.put(UseCase.VOICEOVER, new String[] {"my own voice sounds awful on mic.", "the ad runs on {platform}.",
        "need it in two takes."});
    MODS.put(UseCase.VOICEOVER, new String[] {"{voice}", "a bit slower", "as mp3", "leave a pause at the end"});

    FRAMES.put(UseCase.APP_ASSETS, List.of(
        np(img, "an app icon for {app}, {iconstyle}"), np(img, "{n} App Store screenshots for {app} ({device})"),
        np(img, "a splash screen for {app}"), np(img, "an onboarding illustration for {app}"),
        np(img, "a 1024x500 feature graphic for the Play Store listing of {app}"),
        np(Service.BACKGROUND_REMOVAL, "the icon with a transparent background")));
    CONTEXTS.put(UseCase.APP_ASSETS, new String[] {"shipping {version} to the App Store {date}.", "I'm a dev, not a designer 😅",
        "TestFlight build is ready.", "store listing looks empty."});
    MODS.put(UseCase.APP_ASSETS, new String[] {"{iconstyle}", "for {device}", "dark mode friendly",
        "primary colour {hexcolor}"});

    FRAMES.put(UseCase.CODE_HELP, List.of(
        np(null, "a python script that {pytask}"), np(null, "help with this error in my {stack} app: {error}"),
        np(null, "a regex that {regex_task}"), np(null, "a SQL query that {sqltask}"),
        np(null, "an explanation of why {codeq}"), np(null, "a review of my {stack} function, it feels slow"),
        np(null, "a bash one-liner to {bashtask}"), np(null, "a unit test for {testtarget}"),
        sentence(null, "getting {error} in {stack}, any idea?"), sentence(null, "why does {codeq}?")));
    CONTEXTS.put(UseCase.CODE_HELP, new String[] {"been stuck on this for 2 hours.", "on {stack}.",
        "works on my machine lol.", "deploying {date}.", "this is for {app}."});
    MODS.put(UseCase.CODE_HELP, new String[] {"with comments", "no external libraries", "typed if possible",
        "keep it short", "and explain it"});

    FRAMES.put(UseCase.STUDY_NOTES, List.of(
        np(null, "an explanation of {subject} like I'm 15"), np(null, "a summary of my notes on {subject}"),
        np(null, "{n} flashcards on {subject}"), np(null, "a quick quiz on {subject}"),
        np(null, "a study plan for my {exam} on {date}"), sentence(null, "I don't get {subject} at all, help"),
        sentence(null, "what's the difference between {subject} and the stuff from last week?")));
    CONTEXTS.put(UseCase.STUDY_NOTES, new String[] {"exam is {date}.", "my teacher explains it so badly.",
        "I have like {k} chapters to cover.", "pulling an all-nighter.", "for my {exam}."});
    MODS.put(UseCase.STUDY_NOTES, new String[] {"simple words please", "with examples", "in bullet points",
        "max one page", "with a mnemonic"});

    FRAMES.put(UseCase.ESSAY_FEEDBACK, List.of(
        np(null, "feedback on my essay intro about {essay_topic}"),
        np(null, "help tightening my {doc} (it's {words} words, limit is {limit})"),
        np(null, "a better thesis statement for an essay on {essay_topic}"), np(null, "a proofread of my {doc}"),
        np(null, "a stronger conclusion for my paper on {essay_topic}"),
        sentence(null, "is this {doc} too informal?")));
    CONTEXTS.put(UseCase.ESSAY_FEEDBACK, new String[] {"it's due {date}.", "english is my second language.",
        "my tutor said it lacks structure.", "applying to {k} programs."});
    MODS.put(UseCase.ESSAY_FEEDBACK, new String[] {"be brutal", "don't rewrite it, just comment", "American spelling",
        "keep my voice"});

    FRAMES.put(UseCase.LOGO_BRANDING, List.of(
        np(img, "{n} logo concepts for {brandbiz}"), np(img, "a logo for {brandbiz}, {logostyle}"),
        np(img, "a brand palette and mood board for {brandbiz}"), np(img, "a business card mockup for {brandbiz}"),
        np(img, "a wordmark for '{brandname}'")));
    CONTEXTS.put(UseCase.LOGO_BRANDING, new String[] {"client presentation {date}.", "rebrand after {k} years.",
        "they like earthy colours.", "the old logo is from 2009."});
    MODS.put(UseCase.LOGO_BRANDING, new String[] {"{logostyle}", "works in one colour", "no gradients",
        "primary colour {hexcolor}"});

    FRAMES.put(UseCase.PHOTO_RESTORATION, List.of(
        np(Service.IMAGE_EDIT, "a restored version of this old photo of {oldphoto}"),
        np(Service.IMAGE_EDIT, "a colorized version of {oldphoto}"),
        sentence(Service.IMAGE_EDIT, "can you fix the scratches on {oldphoto}?"),
        np(Service.UPSCALE, "the scan of {oldphoto} upscaled to {size}")));
    CONTEXTS.put(UseCase.PHOTO_RESTORATION, new String[] {"it's for my mum's birthday.", "the scan is 600 dpi.",
        "family reunion {date}."});
    MODS.put(UseCase.PHOTO_RESTORATION, new String[] {"keep it natural", "don't change the faces", "a bit of colour"});

    FRAMES.put(UseCase.JUST_EXPLORING, List.of(
        sentence(null, "what can you do?"), sentence(null, "what's the difference between free and pro?"),
        np(img, "a picture of {funthing}"), np(img, "a phone wallpaper of {funthing}"),
        np(vid, "a short video of {funthing}"), sentence(Service.TEXT_TO_SPEECH, "read this in a pirate voice: '{funline}'"),
        sentence(img, "lol draw {funthing}")));
    CONTEXTS.put(UseCase.JUST_EXPLORING, new String[] {"saw you on {platform}.", "a friend sent me here.",
        "just testing.", "first time here."});
    MODS.put(UseCase.JUST_EXPLORING, new String[] {"{style}", "make it funny", "surprise me"});

    FRAMES.put(UseCase.PRINTABLE_MODELS, NovelArea.FRAMES);
    CONTEXTS.put(UseCase.PRINTABLE_MODELS, NovelArea.CONTEXTS);
    MODS.put(UseCase.PRINTABLE_MODELS, NovelArea.MODS);
  }

  // ---- follow-ups -------------------------------------------------------------------------------------

  static final String[] SOFTENERS = {"", "can you", "could you", "pls", "now", "ok now", "hmm,", "nice but", "close! but",
      "almost —", "I like the {ordinal} one but", "better, but", "love it, just", "good start, but", "ok,", "one tweak:"};

  static final String[] VISUAL_CHANGES = {"make the background {bg}", "make it {adj}", "try a {style} version",
      "zoom out a bit", "add {props}", "remove the text", "make the colours {pct} warmer",
      "give me {n} more like the {ordinal} one", "crop it to {aspect}", "leave space for a logo top left",
      "less busy please", "go brighter", "same thing at {size}", "swap to a {bg} backdrop", "more contrast"};

  static final String[] VIDEO_CHANGES = {"make it {secs} seconds instead", "slow it down a bit", "make it more {vstyle}",
      "add a fade at the end", "remove the music", "make the camera move less", "try it {vstyle}", "loop it cleanly"};

  static final String[] AUDIO_CHANGES = {"add speaker labels", "split it into chapters", "give me an SRT as well",
      "fix the spelling of the product name", "use a {voice}", "a bit slower please", "remove the filler words"};

  static final String[] CHAT_CHANGES = {"shorter please", "make it {tone}", "can you add an example",
      "explain step 2 again", "that's too formal", "add emojis", "now in bullet points", "what about edge cases?",
      "simpler words please", "one more variation", "can you add a summary at the top", "go deeper on the second point"};

  static final String[] PRAISE = {"perfect", "love it", "this is great", "amazing", "nice", "exactly what I needed",
      "wow", "great job", "looks awesome", "that works", "brilliant", "super helpful", "omg yes", "sick", "nailed it",
      "so good", "that's the one", "much better", "beautiful", "ok this is actually great"};

  static final String[] PRAISE_DETAIL = {"", "the {ordinal} one especially", "downloading now", "my client will love it",
      "saving this", "thank you so much", "you saved me an hour", "ty!", "way better than what I had",
      "using it for the {platform} post tomorrow", "exactly the vibe", "sending it to the team",
      "better than the agency did for {price}", "bookmarking this chat"};

  static final String[] RETRY_PREFIXES = {"ok try again:", "let's try again —", "one more time:", "maybe simpler:",
      "trying again,", "ok how about", "fine,", "alright, then", "retry pls:", "again:", "second attempt:",
      "let me rephrase:", "ok different approach:"};

  static final String[] CANCELS = {"wait cancel that, wrong {thing}", "stop, I meant the other {thing}",
      "cancel pls, typo in the prompt", "nvm cancel", "hold on, cancel it — wrong size", "oops, cancel that one"};

  static final String[] THINGS = {"photo", "file", "product", "size", "version", "prompt"};

  // ---- friction complaints: lead + core + tail, so no two users complain alike --------------------------

  static final String[] COMPLAINT_LEADS = {"", "ugh", "seriously?", "come on", "hmm", "ok", "wtf", "again??", "nope",
      "great...", "sigh.", "umm", "well", "honestly", "jeez", "not again", "oh no"};

  static final String[] COMPLAINT_TAILS = {"", "this is wasting my whole afternoon", "I have a deadline",
      "not usable like this", "I'm about to give up", "🙄", "😤", "pls fix", "what am I paying for",
      "really frustrating", "this keeps happening", "I'll just do it elsewhere", "disappointed tbh",
      "my client is waiting", "kinda losing patience"};

  static final Map<Friction, String[]> COMPLAINTS = new EnumMap<>(Friction.class);

  static {
    COMPLAINTS.put(Friction.VIDEO_TIMEOUT, new String[] {"it timed out again", "the render failed after like {k} minutes",
        "timeout error, again", "why does every video time out", "that's the {ordinal} time the video just dies",
        "the video never finishes", "still failing with a timeout", "it spun for 5 minutes and then errored",
        "videos just don't finish for me", "another timeout on a {secs} second clip"});
    COMPLAINTS.put(Friction.IMAGE_SIZE_OOM, new String[] {"it says out of memory", "error again at {bigsize}",
        "why can't it do {bigsize}? I need print quality", "1024 is way too small for a poster",
        "the big size keeps failing", "out of memory?? on one image?", "I need it large for print, small is useless",
        "every time I go above 2048 it breaks"});
    COMPLAINTS.put(Friction.FORGETS_CONTEXT, new String[] {"I said {constraint} already", "you forgot the {short} again",
        "did you even read my first message?", "again ignoring what I told you: {constraint}",
        "why do I have to repeat myself — {constraint}", "nope, I asked for {short}", "you lost the {short} thing",
        "I literally told you {constraint} two messages ago", "scroll up, {constraint}"});
    COMPLAINTS.put(Friction.WRONG_LANGUAGE, new String[] {"why is this in {langname}?", "english please",
        "I don't speak {langname} lol", "can you answer in English", "uh, why did you switch to {langname}",
        "I wrote in English...", "english!!", "reply in english, not {langname}"});
    COMPLAINTS.put(Friction.EXPORT_FORMAT_MISSING, new String[] {"no {fmt}??", "I really need {fmt} for {tool}",
        "so there's no way to export as {fmt}?", "how do I get this into {tool} without {fmt}",
        "a png is useless for {tool}, I need {fmt}", "{fmt} export would be a must for me",
        "that's a dealbreaker, everything we do is {fmt}"});
    COMPLAINTS.put(Friction.CONTENT_POLICY_FALSE_POSITIVE, new String[] {"how is {benign} against the policy??",
        "it's {benign} for my shop, not violence", "blocked again for no reason", "your filter is way too strict",
        "what exactly is wrong with {benign}?", "it's a normal product photo", "flagged?? it's {benign}"});
    COMPLAINTS.put(Friction.CREDITS_RUN_OUT_FAST, new String[] {"wait, I'm out of credits already?",
        "that burned through my credits in like 10 minutes", "credits go way too fast", "do failed jobs eat credits too??",
        "only {k} images and I'm out?", "{price} a month just to keep going? hmm", "out of credits on day one",
        "the free credits lasted 5 minutes"});
    COMPLAINTS.put(Friction.MESH_NOT_PRINTABLE, NovelArea.COMPLAINTS);
  }

  /** A constraint stated early, its short name, and the assistant reply that later ignores it. */
  record Constraint(String statement, String shortName, String violation) {}

  static final Constraint[] VISUAL_CONSTRAINTS = {
    new Constraint("keep the background pure white", "white background",
        "Here's a version with a warm sunset backdrop for more depth!"),
    new Constraint("no text on the image", "no text", "I added a bold headline across the top so it stands out."),
    new Constraint("square format only", "square format", "Here's a 16:9 widescreen version."),
    new Constraint("no people in the shot", "no people", "I added a model holding it for a lifestyle feel."),
    new Constraint("use our brand blue {hexcolor}", "brand colour", "I switched to a warm orange palette this time.")};

  static final Constraint[] CHAT_CONSTRAINTS = {
    new Constraint("use TypeScript, not plain JavaScript", "TypeScript", "Here's the plain JavaScript version:"),
    new Constraint("keep it under 100 words", "100 word limit", "Here's a detailed, roughly 400-word version:"),
    new Constraint("no emojis", "no emojis", "🚀✨ Here you go! 🎉🙌"),
    new Constraint("British spelling please", "British spelling", "Here it is — I optimized the color and organization."),
    new Constraint("bullet points only", "bullet points", "Here it is as a few flowing paragraphs.")};

  static final Constraint[] VIDEO_CONSTRAINTS = {
    new Constraint("keep it under 10 seconds", "10 second limit", "Here's a 30-second cut with an extended intro."),
    new Constraint("no music", "no music", "I added an upbeat soundtrack to keep the energy up."),
    new Constraint("vertical 9:16 only", "vertical format", "Here's a 16:9 landscape version.")};

  // ---- assistant -----------------------------------------------------------------------------------------

  static final String[] ACKS = {"Sure!", "On it.", "Absolutely.", "Happy to help!", "Got it.", "Great idea!", "Okay!",
      "Of course.", "Sounds good.", "Love this one.", "Let's do it.", "", "", "Nice brief.", "Coming right up."};

  static final Map<Service, String[]> JOB_STARTS = new EnumMap<>(Service.class);
  static final Map<Service, String[]> OFFERS = new EnumMap<>(Service.class);

  static {
    JOB_STARTS.put(Service.IMAGE_GENERATION, new String[] {"Generating {n} variations at {size} now.",
        "I'm creating {n} options — this takes about {eta} seconds.", "Starting the image job ({n} images, {size}).",
        "Rendering {n} concepts in a {style} style.", "Working on it: {size}, {style} look."});
    JOB_STARTS.put(Service.IMAGE_EDIT, new String[] {"Restoring the photo now — fixing scratches and colour.",
        "Working on the restoration; old scans take a little longer.", "Cleaning it up now."});
    JOB_STARTS.put(Service.UPSCALE, new String[] {"Upscaling now (4x).", "Running the upscaler — one moment.",
        "Sharpening and upscaling to {size}."});
    JOB_STARTS.put(Service.BACKGROUND_REMOVAL, new String[] {"Removing the background — one sec.",
        "Cutting out the subject now.", "Making the background transparent."});
    JOB_STARTS.put(Service.VIDEO_GENERATION, new String[] {"Rendering a {secs}-second clip at 1080x1920. Videos usually take 2–4 minutes.",
        "Starting the video render now — I'll post it here when it's done.",
        "Queued a {secs}s video ({vstyle}). This can take a few minutes."});
    JOB_STARTS.put(Service.TRANSCRIPTION, new String[] {"Transcribing your {mins}-minute file, roughly {eta} seconds to go.",
        "Started the transcript with speaker detection on.", "Transcribing now; I'll add timestamps."});
    JOB_STARTS.put(Service.TEXT_TO_SPEECH, new String[] {"Generating the voiceover now.", "Recording that in a {voice}.",
        "Synthesizing the audio — a few seconds."});
    JOB_STARTS.put(Service.MESH_GENERATION, NovelArea.JOB_STARTS);

    OFFERS.put(Service.IMAGE_GENERATION, new String[] {"Want me to upscale any of them?", "Should I remove the background too?",
        "I can make a 9:16 version for Stories.", "Want a caption to go with it?", "Tell me which one to refine."});
    OFFERS.put(Service.IMAGE_EDIT, new String[] {"Want me to colourize it as well?", "I can upscale it for printing."});
    OFFERS.put(Service.UPSCALE, new String[] {"Anything else to upscale?", "Want a print-ready PNG too?"});
    OFFERS.put(Service.BACKGROUND_REMOVAL, new String[] {"Want a soft shadow under it?", "Should I place it on a new backdrop?"});
    OFFERS.put(Service.VIDEO_GENERATION, new String[] {"Want subtitles on it?", "I can make a 1:1 cut too.",
        "Should I add a title card?"});
    OFFERS.put(Service.TRANSCRIPTION, new String[] {"Want show notes or a summary next?", "I can export it as .txt too.",
        "Should I translate it?"});
    OFFERS.put(Service.TEXT_TO_SPEECH, new String[] {"Want a second take with a different voice?", "I can slow it down a little."});
    OFFERS.put(Service.MESH_GENERATION, NovelArea.OFFERS);
  }

  static final String[] RESULTS = {"Here are your results. {comment} {offer}", "Done! {comment} {offer}",
      "All set. {comment} {offer}", "Here you go. {offer}", "Finished in {eta}s. {comment} {offer}",
      "Ready! {comment} {offer}", "Here's what I made. {comment}"};

  static final String[] RESULT_COMMENTS = {"I went with {light}.", "The {ordinal} one is my favourite.",
      "I kept the colours close to your palette.", "I added a subtle grain for a film look.", "", "",
      "I kept it {style} like you asked.", "Output is {size}."};

  static final String[] GENERIC_ERRORS = {"Upstream provider returned 503 Service Unavailable",
      "Internal error while saving output (code E1042)", "Could not read input: unsupported image format (HEIC)",
      "Worker lost connection to storage; please retry", "Input file is empty or corrupted",
      "Rate limited by model provider (429); please retry"};

  static final String[] GENERIC_FAILURE_REPLIES = {"Hmm, that job failed on our side. Want me to retry?",
      "Sorry — something went wrong with that one. Retrying usually fixes it.",
      "That didn't go through (an error on our end). Shall I run it again?"};

  static final String[] CANCEL_REPLIES = {"Cancelled — no credits used.", "Stopped it. What should I change?",
      "No problem, cancelled."};

  static final String[] APOLOGIES = {"You're right, sorry about that.", "Apologies — my mistake.",
      "Sorry! Let me fix that.", "My bad, let me redo it properly.", "Sorry for the trouble."};

  static final String[] WRONG_LANGUAGE_REPLIES = {
    "¡Claro! Aquí tienes {n} opciones nuevas. ¿Quieres que ajuste los colores o el encuadre?",
    "Hecho. He mantenido el estilo anterior y mejorado la iluminación. ¿Algo más?",
    "Gerne! Hier sind {n} neue Varianten. Soll ich den Hintergrund noch anpassen?",
    "Fertig. Ich habe die Farben etwas wärmer gemacht. Möchtest du noch etwas ändern?",
    "Bien sûr ! Voici {n} propositions. Voulez-vous que j'ajuste la luminosité ?",
    "C'est prêt. J'ai gardé le même style que la dernière fois. Autre chose ?",
    "Claro! Aqui estão {n} opções. Quer que eu aumente o contraste?",
    "Pronto! Mantive o mesmo estilo e deixei as cores mais quentes.",
    "Certo! Ecco {n} varianti. Vuoi che cambi lo sfondo?",
    "Fatto. Ho reso i colori un po' più caldi. Serve altro?"};

  static final String[] CREDIT_LIMIT_REPLIES = {
    "You've run out of credits for this month. Pro is $19.99/month with 1,000 credits, or your free credits refill on Dec 1.",
    "That job needs more credits than you have left. You can upgrade to Pro ($19.99/mo) or buy a 500-credit pack for $9.",
    "Not enough credits to start this. Upgrading to Pro gives 1,000 credits a month and priority rendering."};

  static final String[] FORMAT_REPLIES = {
    "Sorry, {fmt} export isn't supported yet — I can give you PNG, JPG or WebP.",
    "{fmt} isn't available as an output format right now. The closest I can do is a high-res PNG.",
    "Unfortunately I can't export {fmt} yet; it's on the roadmap. Want an MP4 or PNG instead?"};

  static final String[] POLICY_REPLIES = {
    "I'm sorry, that request was blocked by our content policy.",
    "I can't generate that one — it was flagged by the safety filter.",
    "That prompt tripped the content filter, so the job didn't run. You could try rewording it."};

  static final String[] TIMEOUT_REPLIES = {"Sorry — the render timed out. Want me to try a shorter clip?",
      "The video job hit the 5-minute limit and stopped. I can retry at a lower resolution.",
      "That one timed out on our side, sorry. Shall I try again?"};

  static final String[] OOM_REPLIES = {
    "That size ran out of GPU memory. I can do 2048x2048 and upscale afterwards?",
    "The job failed at that resolution (out of memory). Smaller sizes work fine.",
    "Sorry, outputs that large fail right now. Try 2048 px and the upscaler?"};

  static final String[] SYSTEM_PROMPTS = {
    "You are Lumen, the creative assistant in Lumen Studio v2.3. Today is {today}. Be concise and friendly.",
    "You are Lumen. Model: lumen-xl-1.4. Tools: image_generation, video_generation, upscale, background_removal, transcription, text_to_speech. Current date: {today}.",
    "System: workspace plan={plan}; safety=standard; locale=en-US; date={today}."};

  static final String[] CAPTIONS = {"✨ {announcement} is here! Tap the link in bio. #smallbusiness #shoplocal",
      "We said we'd do it. We did it. {topic_mkt} 👇", "POV: you finally found your new favourite thing 💛 #fyp",
      "Swipe for {n} reasons to love {topic_mkt} →", "Big news, tiny caption: {announcement}. More soon!",
      "Okay but have you seen this yet? 👀 #{platform}", "Save this for later 📌 {topic_mkt}"};

  static final String[] CODE_ANSWERS = {
    "Here's a version that does it with pathlib:\n\n```python\nfrom pathlib import Path\nimport re\n\n"
        + "PRICE = re.compile(r\"\\$(\\d{1,3}(?:,\\d{3})*\\.\\d{2})\")\n\nfor f in Path(\"photos\").glob(\"*.jpg\"):\n"
        + "    print(f\"{f.name}\\t{f.stat().st_size}\")\n```\n\nThe raw string keeps `\\d` from being read as an escape.",
    "The error means the array is `undefined` on the first render. Guard it:\n\n```tsx\n"
        + "const items = data?.items ?? [];\nreturn <ul>{items.map(i => <li key={i.id}>{i.name}</li>)}</ul>;\n```\n\n"
        + "Also check that the fetch in `useEffect` sets state only once.",
    "Try this query:\n\n```sql\nSELECT product_id, SUM(amount) AS revenue\nFROM orders\n"
        + "WHERE created_at >= date_trunc('month', now())\nGROUP BY product_id\nORDER BY revenue DESC\nLIMIT 10;\n```",
    "One-liner:\n\n```bash\nfind . -type f -name \"*.jpg\" -size +5M -exec ls -lh {} \\; | awk '{print $5, $9}'\n```",
    "In Go, close the channel from the sender side only:\n\n```go\nfunc produce(out chan<- int) {\n\tdefer close(out)\n"
        + "\tfor i := 0; i < 10; i++ {\n\t\tout <- i\n\t}\n}\n```\n\nThe deadlock happens because both goroutines wait on each other.",
    "A regex that should work:\n\n```\n^#(?:[0-9a-fA-F]{3}){1,2}$\n```\n\nIn Java you'd escape it as \"^#(?:[0-9a-fA-F]{3}){1,2}$\" — no backslashes needed here.",
    "Here's a small test with pytest:\n\n```python\ndef test_format_price():\n    assert format_price(1299) == \"$12.99\"\n"
        + "    assert format_price(0) == \"$0.00\"\n```\n\nRun it with `pytest -q`.",
    "Your Dockerfile copies `node_modules` into the image. Use a multi-stage build:\n\n```dockerfile\n"
        + "FROM node:20-alpine AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\n"
        + "FROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n```\n\nThat usually gets it under 50 MB."};

  static final String[] STUDY_ANSWERS = {
    "Here's {subject} in a nutshell:\n\n1. **What goes in** — the starting conditions.\n2. **What happens** — the key process, step by step.\n3. **What comes out** — the result and why it matters.\n\nWant a quick quiz on it?",
    "Think of {subject} like a recipe: ingredients, steps, and a finished dish. The exam usually asks about the steps, so focus there.\n\nMnemonic idea: make the first letters of each step into a silly sentence.",
    "Flashcards for {subject}:\n\nQ: What is the main idea?\nA: A short definition in your own words.\n\nQ: Why does it matter?\nA: One real-world example.\n\nQ: Common mistake?\nA: Mixing it up with the topic from last week.",
    "Quick quiz on {subject}:\n1) True or false: it only happens once.\n2) Name the two main stages.\n3) Give one example from class.\n\nReply with your answers and I'll mark them!",
    "Study plan for your {exam} ({date}):\n- Day 1–2: re-read notes, make flashcards\n- Day 3: practice questions, timed\n- Day 4: weak spots only\n- Day before: light review, sleep 8 hours 😴"};

  static final String[] ESSAY_ANSWERS = {
    "Overall this reads well! A few notes:\n- Your thesis (sentence 2) is doing too much — split it.\n- Paragraph 3 repeats the point about {essay_topic}.\n- Cut about {pct} to get under {limit} words.\n\nSuggested opening: \"Few issues divide opinion like {essay_topic}.\"",
    "Strong start. The argument gets lost in the middle though: each paragraph should open with a claim, then evidence, then why it matters. Your conclusion introduces a new idea — move it earlier.",
    "Tightened version of your intro:\n\n\"{essay_topic} is often framed as a simple choice. It is not.\"\n\nThe rest mostly needs shorter sentences; you average 31 words per sentence, aim for ~18.",
    "A better thesis: \"Although {essay_topic} promises clear benefits, its costs fall on the people least able to bear them.\" It's arguable, specific and sets up three body paragraphs."};

  static final String[] HEADLINE_ANSWERS = {"Some options:\n1. {headline}\n2. The easiest upgrade you'll make this year\n3. Made for mornings like this\n4. Same effort, {adj} results",
      "Headlines to test:\n- \"{headline}\"\n- \"Why wait? Start today\"\n- \"Now {pct} off — this week only\""};

  static final String[] PODCAST_ANSWERS = {"Clip ideas from the episode on {podtopic}:\n1. The cold open story (00:02:10–00:03:05)\n2. The hot take at 00:24:40\n3. The listener question at 00:41:15",
      "Summary:\n• Why {podtopic} matters now\n• The biggest myth, debunked\n• Three practical tips\n• What the guest would do differently\n• Where to learn more"};

  static final String[] EXPLORE_ANSWERS = {
    "I can generate and edit images, make short videos (up to 30 s), transcribe audio, remove backgrounds, upscale 4x and help with writing or code. What would you like to try first?",
    "The free plan has 50 credits a month; Pro is $19.99/month with 1,000 credits and priority rendering; Team is $49 per seat. An image costs 4 credits, a 10-second video 30."};
}
