package pmf.signals.privacy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses, by a documented heuristic (no library or model for addresses resolves here). A street is one of:
 *
 * <ul>
 *   <li>number + capitalised name + street word ({@code 221B Baker Street}, {@code 1600 Pennsylvania Ave NW},
 *       {@code 12 King St W}): English street words are common words ("Park", "Hill", "Way"), so this needs a
 *       postcode, a unit ({@code Apt 5B}) or an address cue ("at", "to", "address", "ship", "deliver" …) too;
 *   <li>a street compound + number ({@code Hauptstraße 12}, {@code Gartenweg 3a}, {@code Keizersgracht 123},
 *       {@code Drottninggatan 5}): German, Dutch and Nordic street compounds are distinctive on their own;
 *   <li>street type + name + number ({@code Calle Mayor 12}, {@code Carrer de Mallorca 25}, {@code Via Roma 1},
 *       {@code Rua Augusta 100}) or number + French street type + name ({@code 12 rue de la Paix});
 *   <li>number + capitalised words + comma + city + a strong postcode (UK, Canadian, US state + ZIP, Australian state
 *       + postcode, Dutch): {@code 45 Deansgate, Manchester M3 4LQ}.
 * </ul>
 *
 * Also post boxes ({@code PO Box 1234}, {@code Postfach 10 20}) and, typed in lower case, number + words + a
 * spelled-out street word right after "to", "at", "address:" ({@code deliver to 221b baker street}).
 *
 * <p>Each street then takes what follows it: a unit, a city with its state and postcode (either order: {@code London
 * NW1 6XE}, {@code 10115 Berlin}) and a country. Otherwise street and city words must be capitalised. Missed:
 * streets with neither number nor street word ("Unter den Linden"), Japanese block addresses, and lower-case ones
 * without a cue. Every quantifier is bounded.
 */
final class AddressDetector implements Detector {
  private static final String B = "(?<![\\p{L}\\p{N}])";
  /** A capitalised name word: Baker, O'Connell, Sainte-Catherine, St., 5th. */
  private static final String CAP = "(?:\\p{Lu}[\\p{L}'’.\\-]{0,30}+|\\d{1,3}(?:st|nd|rd|th))(?![\\p{L}\\p{N}])";
  /** A capitalised word with lower case in it: street and city names are not acronyms ("50 MB, 4096"). */
  private static final String CAPW = "(?:\\p{Lu}\\p{Ll}[\\p{L}'’.\\-]{0,30}+|\\d{1,3}(?:st|nd|rd|th))(?![\\p{L}\\p{N}])";
  private static final String NUM = "\\d{1,5}[A-Za-z]?(?:[-/]\\d{1,5}[A-Za-z]?)?(?![\\p{L}\\p{N}])";
  private static final String SP = "[ \\t\\u00A0]{1,3}";
  private static final String SEP = "(?:[ \\t\\u00A0]{0,3},\\s{0,3}|\\s{1,3})";
  private static final String EN_STREET = "(?i:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|"
      + "Court|Ct|Place|Pl|Square|Sq|Terrace|Terr|Way|Parkway|Pkwy|Highway|Hwy|Freeway|Circle|Cir|Crescent|Cres|"
      + "Close|Grove|Gardens|Gdns|Row|Mews|Walk|Hill|Trail|Trl|Alley|Plaza|Park|Green|Wharf|Quay|Parade|Pde|"
      + "Esplanade|Embankment|Loop|Pike|Turnpike|Causeway|Ridge|Heights|Hts|Crossing|Path|Bend|Rise|Vale|Wynd|"
      + "Strand)\\.?(?![\\p{L}])";
  private static final String DIRECTION = "(?:" + SP + "(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.?(?![\\p{L}]))?";
  private static final String COMPOUND = "(?i:straße|strasse|str\\.|weg|gasse|platz|allee|damm|ufer|chaussee|steig|"
      + "pfad|gracht|straat|laan|plein|kade|singel|dijk|vej|gade|gatan|vägen|väg|veien|gata|katu|utca)";
  private static final String ROMANCE_TYPE = "(?:Calle|[Cc]/|Avenida|Avda\\.?|Av\\.|Paseo|Plaza|Carrer|Carretera|Camino|"
      + "Ronda|Travesía|Rambla|Passeig|Avinguda|Plaça|Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Rua|Travessa|"
      + "Praça|Estrada|Alameda)";
  private static final String PARTICLE = "(?:de|del|dels|la|las|los|el|di|della|delle|dei|degli|da|do|dos|das|des|du|"
      + "le|les|y|i|e|saint|sainte|st|ste)";
  /** French street types that are also English words need the same evidence as English streets. */
  private static final String FR_STRONG = "(?i:rue|boulevard|bd|chemin|allée|allee|impasse|quai|faubourg)";
  private static final String FR_WEAK = "(?i:avenue|av\\.|place|route|square|passage|cours)";
  private static final String NAME_WORDS = "(?:(?:" + PARTICLE + "|" + CAP + ")" + SP + "){0,5}" + CAP;

  private static final String UK_POSTCODE = "[A-Z]{1,2}\\d[A-Z\\d]?[ ]?\\d[A-Z]{2}";
  private static final String CA_POSTCODE = "[A-Z]\\d[A-Z][ ]?\\d[A-Z]\\d";
  /** After a city: UK, Canadian, US ZIP(+4), 4-digit (AU, NZ, CH, AT...) and Dutch postcodes. */
  private static final String POSTCODE_AFTER = "(?:" + UK_POSTCODE + "|" + CA_POSTCODE + "|\\d{5}(?:-\\d{4})?|\\d{4}"
      + "(?:[ ]?[A-Z]{2})?)(?![\\p{L}\\p{N}])";
  /** Before a city: 5-digit (DE, FR, ES, IT), 4-digit (NL with letters, BE, CH, AT, DK, NO), PT, PL, SE, GR. */
  private static final String POSTCODE_BEFORE = "(?:\\d{4,5}(?:[ ]?[A-Z]{2})?|\\d{4}-\\d{3}|\\d{2}-\\d{3}|\\d{3}[ ]\\d{2})"
      + "(?![\\p{L}\\p{N}])";
  private static final String CITY = CAPW + "(?:" + SP + "(?:" + CAPW + "|(?:de|del|la|le|sur|am|an|im|upon|on)(?=" + SP
      + "\\p{Lu}))){0,3}";
  private static final String STATE = "[A-Z]{2,3}(?![\\p{L}\\p{N}])";

  private enum Evidence { NONE_NEEDED, POSTCODE_OR_UNIT_OR_CUE, POSTCODE, CUE_RIGHT_BEFORE }

  private record Core(Pattern pattern, Evidence needs) {}

  private static final Core[] CORES = {
    new Core(Pattern.compile(B + NUM + ",?" + SP + "(?:" + CAPW + SP + "){1,4}?" + EN_STREET + DIRECTION),
        Evidence.POSTCODE_OR_UNIT_OR_CUE),
    new Core(Pattern.compile(B + "(?:" + CAP + "[ \\-]){0,3}\\p{Lu}[\\p{L}\\-]{0,40}?" + COMPOUND + SP + "?" + NUM),
        Evidence.NONE_NEEDED),
    new Core(Pattern.compile(B + "(?:" + CAP + "-){0,3}\\p{Lu}[\\p{L}]{0,20}(?:-| )(?i:straße|strasse|weg|platz|allee)"
        + SP + NUM), Evidence.NONE_NEEDED),
    new Core(Pattern.compile(B + ROMANCE_TYPE + SP + NAME_WORDS + ",?" + SP + "(?:n[º°o]\\.?" + SP + ")?" + NUM),
        Evidence.NONE_NEEDED),
    new Core(Pattern.compile(B + NUM + "(?:" + SP + "(?:bis|ter))?,?" + SP + FR_STRONG + SP + NAME_WORDS),
        Evidence.NONE_NEEDED),
    new Core(Pattern.compile(B + NUM + "(?:" + SP + "(?:bis|ter))?,?" + SP + FR_WEAK + SP + NAME_WORDS),
        Evidence.POSTCODE_OR_UNIT_OR_CUE),
    new Core(Pattern.compile(B + NUM + ",?" + SP + "(?:" + CAPW + SP + "){0,3}" + CAPW + "(?=[ \\t]{0,3},)"),
        Evidence.POSTCODE),
    new Core(Pattern.compile(B + "(?i:P\\.?[ ]?O\\.?[ ]?Box|Postfach|Apartado(?: de Correos)?|Casella Postale|BP)" + SP
        + "\\d{1,6}(?![\\p{L}\\p{N}])"), Evidence.NONE_NEEDED),
    // Typed in lower case ("221b baker street"): only with the street word spelled out, right after "to", "at"...
    new Core(Pattern.compile(B + NUM + SP + "(?:\\p{Ll}[\\p{Ll}'’\\-]{1,30}+" + SP + "){1,3}?"
        + "(?:street|avenue|road|boulevard|lane|drive|terrace|crescent)(?![\\p{L}])"), Evidence.CUE_RIGHT_BEFORE),
  };

  /** What may follow a street: unit, then city / state / postcode in either order, then country. */
  private static final Pattern TAIL = Pattern.compile(
      "(?<unit>" + SEP + "(?i:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|#)\\.?[ ]{0,2}#?"
          + "[A-Za-z0-9-]{1,6}(?![\\p{L}\\p{N}]))?"
          + "(?:" + SEP + "(?:(?<before>" + POSTCODE_BEFORE + ")" + SP + CITY
          + "|" + CITY + "(?:" + SEP + STATE + ")?(?:" + SEP + "(?<after>" + POSTCODE_AFTER + "))?"
          + "|(?<bare>" + UK_POSTCODE + "|" + CA_POSTCODE + ")(?![\\p{L}\\p{N}])))?"
          + "(?:" + SEP + "(?:USA|U\\.S\\.A?\\.|UK|United Kingdom|United States|Canada|Australia|New Zealand|Ireland|"
          + "Germany|Deutschland|France|Spain|España|Italy|Italia|Netherlands|Nederland|Portugal|Belgium|Switzerland|"
          + "Austria|Österreich|Sweden|Sverige)(?![\\p{L}]))?");
  private static final Pattern CUE_BEFORE = Pattern.compile("(?iu)(?:(?<![\\p{L}])(?:at|to|on|in|from|near|is|"
      + "address|adresse|dirección|indirizzo|endereço|anschrift)[ \\t]{0,3}[:\\-–—]?|[:@])[ \\t]{0,3}$");
  private static final Pattern CUE_NEAR = Pattern.compile("(?iu)(?<![\\p{L}])(?:address|addr|live|lives|living|"
      + "located|located|ship|shipping|deliver|delivery|send|mail|post|visit|studio|office|shop|store|flat|"
      + "apartment|house|home|moved|venue|event|pick ?up|drop ?off)(?![\\p{L}])");
  private static final int CUE_WINDOW = 40;

  @Override
  public void find(String text, List<Candidate> out) {
    if (!hasDigit(text)) {
      return; // every core has a house, box or street number (NUM, \d): most messages have no digit at all
    }
    for (Core core : CORES) {
      Matcher m = core.pattern().matcher(text);
      while (m.find()) {
        Matcher tail = TAIL.matcher(text).region(m.end(), Math.min(text.length(), m.end() + 160));
        tail.useTransparentBounds(true).useAnchoringBounds(false);
        int end = m.end();
        boolean postcode = false;
        boolean unit = false;
        if (tail.lookingAt()) {
          end = tail.end();
          postcode = tail.group("before") != null || tail.group("after") != null || tail.group("bare") != null;
          unit = tail.group("unit") != null;
        }
        boolean accepted;
        switch (core.needs()) {
          case NONE_NEEDED:
            accepted = true;
            break;
          case POSTCODE:
            accepted = postcode;
            break;
          case CUE_RIGHT_BEFORE:
            accepted = CUE_BEFORE.matcher(text.substring(Math.max(0, m.start() - CUE_WINDOW), m.start())).find();
            break;
          default:
            accepted = postcode || unit || cued(text, m.start());
        }
        if (accepted) {
          out.add(new Candidate(PiiClass.ADDRESS, m.start(), end, key(text.substring(m.start(), end))));
        }
      }
    }
  }

  /** Whether {@code text} holds an ASCII digit, what {@code \d} matches. */
  static boolean hasDigit(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  private static boolean cued(String text, int start) {
    String before = text.substring(Math.max(0, start - CUE_WINDOW), start);
    return CUE_BEFORE.matcher(before).find() || CUE_NEAR.matcher(before).find();
  }

  private static String key(String address) {
    return address.toLowerCase(Locale.ROOT).replaceAll("[\\s,.]+", " ").strip();
  }
}
