package pmf.signals.privacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static pmf.signals.privacy.ScrubAssertions.assertMasked;
import static pmf.signals.privacy.ScrubAssertions.assertUntouched;

import java.util.EnumSet;
import java.util.Random;
import org.junit.Test;

/** Each class of personal data, in the formats people actually write it. */
public class PiiDetectionTest {
  @Test
  public void emails_inAnyCase_withTagsDotsAndSubdomains_andAtPrivateDomains() {
    for (String email : new String[] {"jane.doe@example.com", "J.Doe+news@Sub.Example.co.uk", "o'brien@proton.me",
        "user_99@gmx.de", "zoe.müller@bücher.de", "admin@build.internal", "first-last@studio-fern.co"}) {
      assertMasked(PiiClass.EMAIL, "btw my email is %s, thanks", email);
      assertMasked(PiiClass.EMAIL, "<%s>", email);
      assertMasked(PiiClass.EMAIL, "(cc %s).", email);
    }
    assertMasked(PiiClass.EMAIL, "mailto:%s", "jane@example.com");
  }

  @Test
  public void phones_international_e164_andNationalFormats_ofManyRegions() {
    String[] phones = {"+44 20 7946 0958", "020 7946 0958", "+1 201-555-0123", "(201) 555-0123", "030 123456",
        "+49 30 123456", "+49 1512 3456789", "06 12 34 56 78", "+33 6 12 34 56 78", "090-1234-5678", "081234 56789",
        "(11) 96123-4567", "0412 345 678", "+4915123456789", "00 44 20 7946 0958", "06 12345678", "612 34 56 78",
        "070-123 45 67", "085 012 3456", "(506) 234-5678", "0470 12 34 56"};
    for (String phone : phones) {
      assertMasked(PiiClass.PHONE, "Supplier %s", phone);
      assertMasked(PiiClass.PHONE, "reach me at %s after 5pm", phone);
    }
  }

  @Test
  public void phones_writtenAsBareDigitRuns_needAPhoneWordNearby() {
    assertMasked(PiiClass.PHONE, "my number is %s", "07700900123");
    assertMasked(PiiClass.PHONE, "WhatsApp: %s", "2015550123");
    assertMasked(PiiClass.PHONE, "%s is my mobile", "07700900123");
    assertMasked(PiiClass.PHONE, "mi móvil es el %s", "612345678");
    assertUntouched("order 2015550123 shipped, ticket 07700900123");
  }

  @Test
  public void cards_ofEveryMajorIssuer_groupedOrNot_areLuhnChecked() {
    for (String card : new String[] {"4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111",
        "3782 822463 10005", "378282246310005", "5555 5555 5555 4444", "2223 0031 2200 3222", "6011 1111 1111 1117",
        "3530 1113 3330 0000", "3056 9309 0259 04", "6200 0000 0000 0005"}) {
      assertMasked(PiiClass.CARD, "charged twice on card %s??", card);
      assertMasked(PiiClass.CARD, "%s", card);
    }
    assertUntouched("card 4111 1111 1111 1112 (a typo: fails Luhn) and ref 1234 5678 9012 3456");
  }

  @Test
  public void ibans_withAndWithoutSpaces_inEitherCase_areChecksummed() {
    for (String iban : new String[] {"DE89 3704 0044 0532 0130 00", "DE89370400440532013000",
        "GB82 WEST 1234 5698 7654 32", "gb82west12345698765432", "FR14 2004 1010 0505 0001 3M02 606",
        "NL91ABNA0417164300", "ES91 2100 0418 4502 0005 1332", "CH93 0076 2011 6238 5295 7", "BE68 5390 0754 7034"}) {
      assertMasked(PiiClass.IBAN, "refund to IBAN %s please", iban);
      assertMasked(PiiClass.IBAN, "bank details: %s.", iban);
    }
    assertUntouched("IBAN DE89 3704 0044 0532 0130 01 has a bad check digit");
  }

  @Test
  public void ipAddresses_v4AndV6_withPortsAndAtTheEndOfSentences() {
    for (String ip : new String[] {"192.168.1.20", "8.8.8.8", "10.0.0.1", "2001:db8::1",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2a02:1234:5:0:0:0:ab:ff", "::ffff:192.0.2.1", "fe80::1ff:fe23:4567:890a"}) {
      assertMasked(PiiClass.IP, "ssh into %s fails", ip);
      assertMasked(PiiClass.IP, "my server is at %s.", ip);
    }
    assertMasked(PiiClass.IP, "curl %s:8080 fails", "10.0.0.1");
    assertMasked(PiiClass.URL, "curl %s", "http://10.0.0.1:8080/health");
    assertMasked(PiiClass.IP, "[%s]:443", "2a02:1234::ff");
  }

  @Test
  public void urls_withPathsQueriesFragmentsOrUserInfo_areReplaced_bareHostsStay() {
    for (String url : new String[] {"https://drive.google.com/file/d/1AbC9xYz/view?usp=sharing",
        "http://app.example.com/reset-password?token=abc123", "https://user:hunter2@host.example.io",
        "https://zoom.us/j/12345678901?pwd=abcDEF", "https://github.com/jdoe/private-repo#readme",
        "www.dropbox.com/s/abc123/brief.pdf", "github.com/jdoe/private-repo", "ftp://files.example.org/pub/x.zip",
        "https://www.google.com/maps/place/Somewhere/@51.5,-0.12,17z"}) {
      assertMasked(PiiClass.URL, "here's the link: %s", url);
      assertMasked(PiiClass.URL, "(see %s)", url);
      assertMasked(PiiClass.URL, "the file is at %s.", url);
    }
    assertUntouched("we sell on https://etsy.com and www.shopify.com, designed in https://figma.com/");
  }

  @Test
  public void secrets_byKnownPrefix() {
    for (String key : new String[] {"sk-proj-abcDEF123456ghiJKL789012mnoPQR345678stuVWX9012",
        "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "sk_live_51HxYzAbCdEfGhIjKlMnOpQr",
        "pk_live_51HxYzAbCdEfGhIjKlMnOpQr", "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "gho_abcdefghijklmnopqrstuvwxyz0123456789", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGH",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxp-1234-5678-abcdefghijkl",
        "AKIAIOSFODNN7EXAMPLE", "AIzaSyA-1234567890abcdefghijklmnopqrstu", "glpat-abcdefghij1234567890",
        "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"}) {
      assertMasked(PiiClass.SECRET, "my key is %s — why does the API say unauthorized?", key);
      assertMasked(PiiClass.SECRET, "token %s.", key);
    }
  }

  @Test
  public void secrets_afterCredentialWords_andHighEntropyTokens() {
    assertMasked(PiiClass.SECRET, "here's my config: API_KEY=%s", "abc123def456");
    assertMasked(PiiClass.SECRET, "OPENAI_API_KEY=\"%s\"", "not-a-known-shape-9f8e7d");
    assertMasked(PiiClass.SECRET, "{\"client_secret\": \"%s\"}", "s3cr3t-value");
    assertMasked(PiiClass.SECRET, "password: %s", "hunter2!x");
    assertMasked(PiiClass.SECRET, "my password is %s lol", "Tr0ub4dor&3");
    assertMasked(PiiClass.SECRET, "Authorization: Bearer %s", "abcdef0123456789ABCDEF.xyz");
    assertMasked(PiiClass.SECRET, "using %s in the header but get 401", "Xy7+Kp2/Qz9aLm4Bv8Nc3Rt6Wd1Fg5Hj0Ks");
    assertMasked(PiiClass.SECRET, "webhook secret %s", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    assertMasked(PiiClass.SECRET, "%s", "k7x9m2p4q8r1s5t3u6v0w2y4");
  }

  @Test
  public void secrets_atTheSmallestSizeEachShapeTakes_stillPassTheDetectorsQuickChecks() {
    assertMasked(PiiClass.SECRET, "jwt %s here", "eyJhbGciOiJ.eyJzdWIiOiJ.dozjgNry"); // eyJ + 8: the shortest run
    assertMasked(PiiClass.SECRET, "slack %s ok", "xoxb-1234567890");
    assertMasked(PiiClass.SECRET, "%s", "SG.abcdefghijklmnop.abcdefghijklmnop");
    assertMasked(PiiClass.SECRET, "pwd=%s", "abc123");
    assertMasked(PiiClass.SECRET, "Authorization: Basic %s", "dXNlcjpwYXNzd29yZA");
    assertMasked(PiiClass.SECRET, "my pin is %s", "4821");
  }

  @Test
  public void addresses_holdANumberSomewhere_andTextWithoutOneHasNone() {
    assertMasked(PiiClass.ADDRESS, "send it to %s please", "PO Box 7");
    assertMasked(PiiClass.ADDRESS, "ship to %s", "Gartenweg 3a");
    assertUntouched("ship it to Baker Street in London, near the park");
  }

  @Test
  public void randomKeysWithoutAKnownPrefix_areCaughtByTheirShape() {
    Random random = new Random(42);
    String base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    assertThat(caught(random, base64, 40, 4000), greaterThanOrEqualTo(0.995));
    assertThat(caught(random, base64.substring(0, 62), 32, 4000), greaterThanOrEqualTo(0.99));
    assertThat(caught(random, "0123456789abcdef", 32, 4000), greaterThanOrEqualTo(0.995));
  }

  private static double caught(Random random, String alphabet, int length, int tries) {
    PiiScrubber secrets = PiiScrubber.standard().withClasses(EnumSet.of(PiiClass.SECRET));
    int caught = 0;
    for (int i = 0; i < tries; i++) {
      StringBuilder key = new StringBuilder();
      for (int k = 0; k < length; k++) {
        key.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      caught += secrets.find("token " + key + " stopped working").isEmpty() ? 0 : 1;
    }
    return (double) caught / tries;
  }

  @Test
  public void pemPrivateKeys_withOrWithoutTheirFooter() {
    String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aozN3tihPmljnnudb9G3HecdOs\n"
        + "Q0bu3aozN3tihPmljnnudb9G3HecdOsMIIEowIBAAKCAQEA1c7+9z5Pad7Oejecs==\n-----END RSA PRIVATE KEY-----";
    assertMasked(PiiClass.SECRET, "my key:\n%s\nwhy?", pem);
    String open = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n";
    assertMasked(PiiClass.SECRET, "%s", open.strip());
  }

  @Test
  public void streetAddresses_inUsUkEuropeanAndAntipodeanForms_withTheirCityAndPostcode() {
    String[] addresses = {"1687 Maple Avenue, Apt 5B, Springfield, IL 62704", "221B Baker Street, London NW1 6XE",
        "45 Deansgate, Manchester M3 4LQ", "1600 Pennsylvania Ave NW, Washington, DC 20500",
        "350 5th Avenue, New York, NY 10118", "Hauptstraße 12, 10115 Berlin", "Karl-Marx-Straße 5, 12043 Berlin",
        "Gartenweg 3a, 20095 Hamburg", "Berliner Straße 44, 60311 Frankfurt", "12 rue de la Paix, 75002 Paris",
        "189 avenue Jean Jaurès, 69007 Lyon", "Calle Mayor 12, 28013 Madrid", "Carrer de Mallorca 25, 08013 Barcelona",
        "Avenida de la Constitución 7, 41004 Sevilla", "Via Roma 1, 00184 Roma", "Rua Augusta 100, 1100-053 Lisboa",
        "Keizersgracht 123, 1015 CJ Amsterdam", "Drottninggatan 5, 111 51 Stockholm", "Storgata 12, 0155 Oslo", "12 King St W, Toronto, ON M5V 1K4",
        "7 George St, Sydney NSW 2000", "30 Queen St, Auckland 1010"};
    for (String address : addresses) {
      assertMasked(PiiClass.ADDRESS, "ship the samples to %s", address);
      assertMasked(PiiClass.ADDRESS, "Flyer: %s", address);
    }
  }

  @Test
  public void streetAddresses_withoutPostcode_needAnAddressCue() {
    assertMasked(PiiClass.ADDRESS, "we moved to %s last week", "12 Baker Street");
    assertMasked(PiiClass.ADDRESS, "our studio is at %s", "1600 Pennsylvania Ave NW");
    assertMasked(PiiClass.ADDRESS, "my address: %s", "4 Elm Drive, Apt 2");
    assertMasked(PiiClass.ADDRESS, "j'habite au %s", "12 rue des Lilas");
    assertUntouched("the 10 Best Road Trips of 2026, ranked");
  }

  @Test
  public void postBoxes_romanceAbbreviations_andLowerCaseStreetsAfterACue() {
    assertMasked(PiiClass.ADDRESS, "ship to %s", "PO Box 1234, Austin TX 78701");
    assertMasked(PiiClass.ADDRESS, "%s", "P.O. Box 77");
    assertMasked(PiiClass.ADDRESS, "%s", "Av. Paulista 1578, São Paulo");
    assertMasked(PiiClass.ADDRESS, "%s", "c/ de Balmes 150, 08008 Barcelona");
    assertMasked(PiiClass.ADDRESS, "deliver to %s, london", "221b baker street");
    assertUntouched("I drove 5 miles down the road and walked 2 blocks up the street");
  }

  @Test
  public void names_fromTheGivenNameList_withSurnames_particlesAndInitials() {
    assertMasked(PiiClass.NAME, "my co-founder %s hates the blue", "Tom Walsh");
    assertMasked(PiiClass.NAME, "%s will review it tomorrow", "Priya Raman");
    assertMasked(PiiClass.NAME, "it's a gift for %s", "Zoë O'Brien");
    assertMasked(PiiClass.NAME, "send it to %s in marketing", "José García");
    assertMasked(PiiClass.NAME, "ask %s first", "Pieter van der Berg");
    assertMasked(PiiClass.NAME, "cc %s", "Tom J. Walsh");
    assertMasked(PiiClass.NAME, "%s's brief is late", "Ingrid");
    assertMasked(PiiClass.NAME, "Logo for %s", "Kwame Mensah");
    assertMasked(PiiClass.NAME, "Cover letter (%s)", "Aisha Haddad");
  }

  @Test
  public void names_afterCues_evenWhenNoListKnowsThem() {
    assertMasked(PiiClass.NAME, "my name is %s and I need a logo", "Zbigniew Brzęczyszczykiewicz");
    assertMasked(PiiClass.NAME, "Best regards,\n%s", "Thaddeus Okonkwo");
    assertMasked(PiiClass.NAME, "please ask Mr. %s", "Okonkwo");
    assertMasked(PiiClass.NAME, "my manager %s wants it by Friday", "Ximenez Quartermaine");
    assertMasked(PiiClass.NAME, "hi, %s here", "Priya");
    assertMasked(PiiClass.NAME, "%s here, quick question", "Thaddeus");
    assertMasked(PiiClass.NAME, "I'm %s, I run the shop", "Sofia");
    assertMasked(PiiClass.NAME, "i'm %s btw", "sofia");
    assertMasked(PiiClass.NAME, "can you ask %s about it", "Grace");
    assertMasked(PiiClass.NAME, "me llamo %s", "Mateo");
    assertMasked(PiiClass.NAME, "can you ask %s to approve it", "Thaddeus Okonkwo");
    assertMasked(PiiClass.NAME, "thx, %s", "Ngozi");
    assertMasked(PiiClass.NAME, "From: %s\nSubject: logo", "Henrietta Vasquez-Lindqvist");
    assertMasked(PiiClass.NAME, "the invoice is for %s", "LIAM O'CONNOR");
  }
}
