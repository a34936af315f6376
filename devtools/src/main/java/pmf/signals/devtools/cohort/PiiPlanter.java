package pmf.signals.devtools.cohort;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.text.Normalizer;
import java.util.Locale;
import org.apache.commons.validator.routines.checkdigit.CheckDigitException;
import org.apache.commons.validator.routines.checkdigit.IBANCheckDigit;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * Personal data planted in user messages and titles, each value valid by the rules a real detector checks:
 * Luhn for cards, mod-97 for IBANs, libphonenumber's per-region metadata for phones.
 */
final class PiiPlanter {
  /** One planted item; {@code region} is the country (phone, IBAN, address) where one applies. */
  record Pii(String piiClass, String subtype, String value, String region) {}

  /** A planted item and the sentence around it, as it will appear in the text. */
  record Planted(Pii pii, String sentence) {}

  static final String[] CLASSES = {"email", "phone", "person_name", "url", "street_address", "payment_card", "secret",
      "iban", "ip_address"};
  private static final double[] CLASS_WEIGHTS = {20, 16, 15, 10, 9, 7, 9, 6, 8};

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final String[] PHONE_REGIONS = {"US", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "BR", "AU", "CA", "JP",
      "MX", "SE", "IE"};

  static final String[] FIRST_NAMES = {"Priya", "Tom", "Sofia", "Mateo", "Aisha", "Kenji", "Olga", "Liam", "Zoë", "José",
      "Fatima", "Chen", "Amara", "Noah", "Ingrid", "Rahul", "Mei", "Diego", "Hannah", "Kwame", "Yuki", "Lucas", "Elif",
      "Omar", "Sven", "Chloé", "Tariq", "Nadia", "Bogdan", "Ana"};
  static final String[] LAST_NAMES = {"Raman", "Okafor", "Petrova", "García", "Nakamura", "Müller", "O'Brien", "Kowalski",
      "Nguyen", "Silva", "Haddad", "Johansson", "Rossi", "Mensah", "Kim", "Dubois", "Novak", "Patel", "Cohen",
      "Fernández", "Adeyemi", "Lindqvist", "Moreau", "Yilmaz", "Walsh"};
  private static final String[] MAIL_DOMAINS = {"gmail.com", "outlook.com", "yahoo.co.uk", "proton.me", "icloud.com",
      "hotmail.fr", "gmx.de", "brightpath.io", "northwindroasters.com", "studio-fern.co"};
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String B64 = ALNUM + "+/";

  private final Dice dice;

  PiiPlanter(Dice dice) {
    this.dice = dice;
  }

  /** A random class of PII, in a sentence a user would write around it. */
  Planted plantAny() {
    return plant(CLASSES[dice.weighted(CLASS_WEIGHTS)]);
  }

  Planted plant(String piiClass) {
    switch (piiClass) {
      case "email":
        return in(new Pii("email", null, email(), null), "btw my email is %s", "send it to %s when it's done",
            "you can reach me at %s", "my login is %s if that matters", "cc %s on this pls", "%s is my work email",
            "invoice goes to %s");
      case "phone":
        return in(phone(), "call me on %s", "my number is %s", "text me at %s when ready", "the shop's phone is %s",
            "WhatsApp: %s", "reach me at %s after 5pm");
      case "person_name":
        return personName();
      case "url":
        return in(new Pii("url", null, url(), null), "here's the link: %s", "the file is at %s", "can you read %s",
            "reference: %s", "I uploaded it here %s");
      case "street_address":
        return in(address(), "ship the samples to %s", "our studio is at %s", "put the address on the flyer: %s",
            "deliver to %s", "the event is at %s");
      case "payment_card":
        return in(card(), "my card %s keeps getting declined when I try to upgrade", "charged twice on card %s??",
            "can I use %s for the team plan", "card ending... actually here's the full one: %s");
      case "secret":
        return in(secret(), "my key is %s — why does the API say unauthorized?", "using %s in the header but get 401",
            "here's my config: API_KEY=%s", "token %s stopped working yesterday");
      case "iban":
        return in(iban(), "for the invoice, our IBAN is %s", "pay the freelancer at %s", "refund to IBAN %s please",
            "bank details: %s");
      case "ip_address":
        return in(ip(), "my server is at %s", "the webhook comes from %s", "I'm connecting from %s and it's blocked",
            "ssh into %s fails");
      default:
        throw new IllegalArgumentException(piiClass);
    }
  }

  /** A title that carries PII, e.g. "Invoice for jane.doe@gmail.com". */
  Planted plantInTitle() {
    switch (dice.between(0, 3)) {
      case 0:
        return in(new Pii("email", null, email(), null), "Invoice for %s", "Mockups → %s", "Follow-up with %s");
      case 1:
        return in(phone(), "Call %s re: shoot", "Supplier %s");
      case 2:
        String name = fullName();
        return in(new Pii("person_name", "full_name", name, null), "Logo for %s", "%s – wedding photos",
            "Cover letter (%s)");
      default:
        return in(address(), "Flyer: %s", "Delivery %s");
    }
  }

  private Planted in(Pii pii, String... sentences) {
    return new Planted(pii, String.format(Locale.ROOT, dice.pick(sentences), pii.value()));
  }

  private Planted personName() {
    if (dice.chance(0.3)) {
      String first = dice.pick(FIRST_NAMES);
      return in(new Pii("person_name", "first_name", first, null), "I'm %s, I run the shop", "hi, %s here",
          "this is %s from the design team", "I'm %s btw");
    }
    return in(new Pii("person_name", "full_name", fullName(), null), "my manager %s wants it by Friday",
        "this is for my client %s", "send it to %s in marketing", "my co-founder %s hates the blue",
        "it's a gift for %s", "%s will review it tomorrow");
  }

  String fullName() {
    return dice.pick(FIRST_NAMES) + " " + dice.pick(LAST_NAMES);
  }

  private String email() {
    String first = ascii(dice.pick(FIRST_NAMES));
    String last = ascii(dice.pick(LAST_NAMES));
    String local;
    switch (dice.between(0, 4)) {
      case 0:
        local = first + "." + last;
        break;
      case 1:
        local = first + last + dice.between(1, 99);
        break;
      case 2:
        local = first.charAt(0) + "." + last;
        break;
      case 3:
        local = first + "_" + dice.between(1980, 2007);
        break;
      default:
        local = first + "+lumen";
    }
    return local + "@" + dice.pick(MAIL_DOMAINS);
  }

  /** Lowercase ASCII for handles and mail boxes: "Zoë O'Brien" becomes "zoe" and "obrien". */
  static String ascii(String s) {
    String plain = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return plain.replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
  }

  /**
   * A number libphonenumber accepts as valid for its region: the region's example number with its tail
   * redrawn until the metadata accepts it (falls back to the example itself).
   */
  private Pii phone() {
    String region = dice.pick(PHONE_REGIONS);
    PhoneNumberType type = dice.chance(0.6) ? PhoneNumberType.MOBILE : PhoneNumberType.FIXED_LINE;
    PhoneNumber example = PHONES.getExampleNumberForType(region, type);
    String national = PHONES.getNationalSignificantNumber(example);
    PhoneNumber number = example;
    for (int attempt = 0; attempt < 30; attempt++) {
      StringBuilder digits = new StringBuilder(national.substring(0, Math.max(2, national.length() - 5)));
      while (digits.length() < national.length()) {
        digits.append((char) ('0' + dice.between(0, 9)));
      }
      try {
        PhoneNumber candidate = PHONES.parse(digits.toString(), region);
        if (PHONES.isValidNumberForRegion(candidate, region)) {
          number = candidate;
          break;
        }
      } catch (NumberParseException e) {
        // try another tail
      }
    }
    int style = dice.weighted(5, 4, 1);
    PhoneNumberFormat format =
        style == 0 ? PhoneNumberFormat.INTERNATIONAL : style == 1 ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.E164;
    String subtype = style == 1 ? "national" : style == 0 ? "international" : "e164";
    return new Pii("phone", subtype, PHONES.format(number, format), region);
  }

  private Pii card() {
    int brand = dice.between(0, 2);
    StringBuilder body = new StringBuilder();
    String name;
    int length;
    if (brand == 0) {
      name = "visa";
      body.append('4');
      length = 16;
    } else if (brand == 1) {
      name = "mastercard";
      body.append(dice.chance(0.7) ? "5" + dice.between(1, 5) : String.valueOf(dice.between(2221, 2720)));
      length = 16;
    } else {
      name = "amex";
      body.append(dice.chance(0.5) ? "34" : "37");
      length = 15;
    }
    while (body.length() < length - 1) {
      body.append((char) ('0' + dice.between(0, 9)));
    }
    String digits = body + checkDigit(LuhnCheckDigit.LUHN_CHECK_DIGIT::calculate, body.toString());
    int[] groups = brand == 2 ? new int[] {4, 6, 5} : new int[] {4, 4, 4, 4};
    String separator = dice.pick(" ", "-", "", " ");
    return new Pii("payment_card", name, group(digits, groups, separator), null);
  }

  /** Country, then the BBAN pattern: 9 = digit, A = upper letter, X = upper letter or digit. */
  private static final String[][] IBAN_FORMATS = {
    {"DE", "999999999999999999"}, {"GB", "AAAA99999999999999"}, {"FR", "9999999999XXXXXXXXXXX99"},
    {"ES", "99999999999999999999"}, {"NL", "AAAA9999999999"}, {"IT", "A9999999999XXXXXXXXXXXX"},
    {"BE", "999999999999"}, {"CH", "99999XXXXXXXXXXXX"}, {"IE", "AAAA99999999999999"}, {"PL", "999999999999999999999999"}};

  private Pii iban() {
    String[] format = dice.pick(IBAN_FORMATS);
    StringBuilder bban = new StringBuilder();
    for (char c : format[1].toCharArray()) {
      bban.append(c == '9' ? (char) ('0' + dice.between(0, 9))
          : c == 'A' ? (char) ('A' + dice.between(0, 25)) : UPPER_ALNUM.charAt(dice.between(0, 35)));
    }
    String check = checkDigit(IBANCheckDigit.IBAN_CHECK_DIGIT::calculate, format[0] + "00" + bban);
    String iban = format[0] + check + bban;
    String value = dice.chance(0.6) ? iban.replaceAll("(.{4})(?!$)", "$1 ") : iban;
    return new Pii("iban", null, value, format[0]);
  }

  private Pii ip() {
    if (dice.chance(0.65)) {
      String v = dice.chance(0.3)
          ? "192.168." + dice.between(0, 254) + "." + dice.between(2, 254)
          : dice.pick(23, 31, 45, 62, 77, 81, 91, 104, 141, 151, 185, 203) + "." + dice.between(0, 255) + "."
              + dice.between(0, 255) + "." + dice.between(1, 254);
      return new Pii("ip_address", "ipv4", v, null);
    }
    String[] groups = new String[8];
    groups[0] = dice.pick("2001", "2a02", "2600", "2a01", "2607", "2804");
    for (int i = 1; i < 8; i++) {
      groups[i] = Integer.toHexString(dice.between(0, 0xffff));
    }
    String v;
    if (dice.chance(0.5)) {
      // Compressed form: a zero run written as "::".
      v = groups[0] + ":" + groups[1] + ":" + groups[2] + "::" + groups[6] + ":" + groups[7];
    } else {
      v = String.join(":", groups);
    }
    return new Pii("ip_address", "ipv6", v, null);
  }

  private String url() {
    String first = ascii(dice.pick(FIRST_NAMES));
    String last = ascii(dice.pick(LAST_NAMES));
    String handle = first.charAt(0) + last;
    switch (dice.between(0, 7)) {
      case 0:
        return "https://app.lumen.studio/reset-password?token=" + random(ALNUM, 32);
      case 1:
        return "https://drive.google.com/file/d/" + random(ALNUM, 33) + "/view?usp=sharing";
      case 2:
        return "https://files.cdn-share.net/users/" + handle + "/exports/final_v3.mp4";
      case 3:
        return "https://" + last + "-shop.myshopify.com/admin/orders?access_token=shpat_" + random("0123456789abcdef", 32);
      case 4:
        return "https://www.dropbox.com/scl/fi/" + random(ALNUM, 21).toLowerCase(Locale.ROOT) + "/brief.pdf?rlkey="
            + random(ALNUM, 25).toLowerCase(Locale.ROOT) + "&dl=0";
      case 5:
        return "https://docs.google.com/document/d/" + random(ALNUM, 44) + "/edit?usp=sharing";
      case 6:
        return "https://zoom.us/j/" + random("0123456789", 11) + "?pwd=" + random(ALNUM, 32);
      default:
        return "https://github.com/users/" + first + last + "/projects/" + dice.between(1, 9) + "?token=" + random(ALNUM, 20);
    }
  }

  private Pii secret() {
    switch (dice.between(0, 6)) {
      case 0:
        return new Pii("secret", "openai", "sk-proj-" + random(ALNUM + "_-", 48), null);
      case 1:
        return new Pii("secret", "aws_access_key", "AKIA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), null);
      case 2:
        return new Pii("secret", "github", "ghp_" + random(ALNUM, 36), null);
      case 3:
        return new Pii("secret", "slack", "xoxb-" + random("0123456789", 12) + "-" + random("0123456789", 13) + "-"
            + random(ALNUM, 24), null);
      case 4:
        return new Pii("secret", "google", "AIza" + random(ALNUM + "_-", 35), null);
      case 5:
        return new Pii("secret", "stripe", "sk_live_" + random(ALNUM, 24), null);
      default:
        return new Pii("secret", "high_entropy", random(B64, 40), null);
    }
  }

  private static final String[] US_STREETS = {"Maple Avenue", "Oak Street", "Sunset Blvd", "Elm Drive", "Cedar Lane",
      "Lakeview Road"};
  private static final String[][] US_CITIES = {{"Springfield", "IL", "62704"}, {"Austin", "TX", "78701"},
      {"Portland", "OR", "97205"}, {"Brooklyn", "NY", "11215"}, {"Denver", "CO", "80203"}};
  private static final String[][] UK = {{"Baker Street", "London", "NW1 6XE"}, {"Deansgate", "Manchester", "M3 4LQ"},
      {"Victoria Road", "Leeds", "LS6 1DX"}, {"Princes Street", "Edinburgh", "EH2 2ER"}};
  private static final String[][] DE = {{"Hauptstraße", "10115 Berlin"}, {"Schillerstraße", "80336 München"},
      {"Bahnhofstraße", "50667 Köln"}, {"Gartenweg", "20095 Hamburg"}};
  private static final String[][] FR = {{"rue de la Paix", "75002 Paris"}, {"avenue Jean Jaurès", "69007 Lyon"},
      {"rue Sainte-Catherine", "33000 Bordeaux"}};
  private static final String[][] ES = {{"Calle Mayor", "28013 Madrid"}, {"Carrer de Mallorca", "08013 Barcelona"},
      {"Avenida de la Constitución", "41004 Sevilla"}};

  private static final String[][] OTHER = {{"King St W, Toronto, ON M5V 1K4", "CA"},
      {"George St, Sydney NSW 2000", "AU"}, {"Queen St, Auckland 1010", "NZ"}};

  private Pii address() {
    int n = dice.between(1, 240);
    switch (dice.between(0, 6)) {
      case 0: {
        String[] city = dice.pick(US_CITIES);
        String apt = dice.chance(0.3) ? ", Apt " + dice.between(1, 12) + dice.pick("A", "B", "C") : "";
        return new Pii("street_address", null, n * 7 + " " + dice.pick(US_STREETS) + apt + ", " + city[0] + ", " + city[1]
            + " " + city[2], "US");
      }
      case 1: {
        String[] uk = dice.pick(UK);
        return new Pii("street_address", null, n + (dice.chance(0.2) ? "B" : "") + " " + uk[0] + ", " + uk[1] + " " + uk[2],
            "GB");
      }
      case 2: {
        String[] de = dice.pick(DE);
        return new Pii("street_address", null, de[0] + " " + n + ", " + de[1], "DE");
      }
      case 3: {
        String[] fr = dice.pick(FR);
        return new Pii("street_address", null, n + " " + fr[0] + ", " + fr[1], "FR");
      }
      case 4: {
        String[] es = dice.pick(ES);
        return new Pii("street_address", null, es[0] + " " + n + ", " + es[1], "ES");
      }
      case 5:
        return new Pii("street_address", null, "Keizersgracht " + n + ", 1015 CJ Amsterdam", "NL");
      default: {
        String[] other = dice.pick(OTHER);
        return new Pii("street_address", null, n + " " + other[0], other[1]);
      }
    }
  }

  private String random(String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(dice.between(0, alphabet.length() - 1)));
    }
    return b.toString();
  }

  private static String group(String digits, int[] groups, String separator) {
    StringBuilder b = new StringBuilder();
    int at = 0;
    for (int g : groups) {
      if (at > 0) {
        b.append(separator);
      }
      b.append(digits, at, at + g);
      at += g;
    }
    return b.toString();
  }

  private interface CheckDigitFn {
    String calculate(String code) throws CheckDigitException;
  }

  private static String checkDigit(CheckDigitFn fn, String code) {
    try {
      return fn.calculate(code);
    } catch (CheckDigitException e) {
      throw new IllegalStateException("check digit for " + code, e);
    }
  }
}
