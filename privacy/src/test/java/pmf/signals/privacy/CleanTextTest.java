package pmf.signals.privacy;

import static pmf.signals.privacy.ScrubAssertions.assertUntouched;

import org.junit.Test;

/** Product text that looks a little like personal data and must come through unchanged. */
public class CleanTextTest {
  @Test
  public void versionsModelNamesAndProductNames_stay() {
    assertUntouched("Lumen Studio v2.3.1 on iOS 17, React 18.2, Next.js 14, Spring Boot 3.2, Go 1.22, Python 3.12");
    assertUntouched("upgrade to 1.10.0 (was 2.5.1); the 1.2.3.4.5 build; version 1.2.3.4 of the firmware; v1.2.3.4");
    assertUntouched("gpt-4o, gpt-4o-mini-2024-07-18, gemini-2.5-flash, claude-3-5-sonnet-20241022, lumen-xl-1.4");
    assertUntouched("iPhone 15 Pro, Pixel 8, Android 14, a 6.7 inch display, the iPhone15ProMax2024Edition SKU");
    assertUntouched("Crumb & Co, Northwind Roasters, Little Fern, Oak & Ember, Maple & Pine, Sol y Sal, Kōbō");
  }

  @Test
  public void datesTimesPricesSizesPercentagesAndCounts_stay() {
    assertUntouched("due 2026-11-23, or 23/11/2026, 11/23/26, 23.11.2026, Dec 1, Jan 15, the 14th, 12/09");
    assertUntouched("at 14:05, 09:30:15, 2026-11-04T02:00:01.234Z, clip 00:02:10–00:03:05, 1700000000000 ms");
    assertUntouched("Pro is $19.99/month with 1,000 credits; 1,299 €; £12; ¥3,000; $1,299.00; €14.90");
    assertUntouched("1920x1080, 1024x1024, 7680x4320, 4K, 8K, 30 seconds, 600 dpi, 2 GB, 50 MB, 4096 px");
    assertUntouched("CTR is down to 0.8%, engagement dropped 40% last month, 25% off, #1E90FF and #fff");
    assertUntouched("I have 12 chapters, 3 exams and 1234567 words; order 1234567890; frame 12345/90000");
    assertUntouched("ISBN 978-3-16-148410-0, port 5432, error E1042, HTTP 503, code 0x1F");
  }

  @Test
  public void codeIdsAndLogs_stay() {
    assertUntouched("ModuleNotFoundError: No module named 'pandas'; NullPointerException in my service layer");
    assertUntouched("std::vector<int> v; Foo::bar(); a::b; 12:30:45; dead::beef");
    assertUntouched("id 550e8400-e29b-41d4-a716-446655440000 and job_180ddca57d31813a and commit 9fceb02");
    assertUntouched("src/main/java/pmf/signals/App.java and ./photos/IMG_2041.HEIC and C:\\Users\\Public");
    assertUntouched("icon@2x.png, logo@3x.webp, @mentions, npm i @angular/core");
    assertUntouched("find . -type f -name \"*.jpg\" -size +5M -exec ls -lh {} \\; | awk '{print $5, $9}'");
    assertUntouched("2026-11-04T02:00:01.234Z INFO  render-worker-3 frame 12345/90000 done in 800 ms (vram 12.3 GiB)");
    assertUntouched("max_tokens=8192, tokens: 1500, temperature=0.7, the token limit is 4096");
    assertUntouched("HTTP2ServerPushEnabled, getUserById2FactorAuth, S3BucketNameForUploads, UTF8StringEncoder2");
    assertUntouched("IMG_20241107_123456.jpg, Screenshot_20241107-101010, resnet50_imagenet_v2_weights");
    assertUntouched("bert-base-uncased-finetuned-sst2, kubernetes-1-29-3-amd64, my-handmade-soy-candle-2024");
  }

  @Test
  public void capitalisedWordsThatAreNotPeople_stay() {
    assertUntouched("hey Lumen, the Summer Sale with Rose Gold and Jade Green is live. Will you make it?");
    assertUntouched("Mark this as done. May I ask something? Grace period ends Friday. Ruby on Rails 7.1");
    assertUntouched("a bakery called Sol y Sal; Newton's third law; Bayes' theorem; the Krebs cycle; Black Friday");
    assertUntouched("Jordan 1 sneakers, Sydney Opera House at dusk, Victoria Road closed, Paris in the rain");
    assertUntouched("Small Business Saturday, Not On The High Street, Final Cut, Premiere Pro, Play Store");
    assertUntouched("I'm Stuck. I'm Back! this is Chrome. thanks Team, hi Support, ask Customer Support");
    assertUntouched("Best Wishes");
    assertUntouched("thanks so much, cheers Mate");
    assertUntouched("THE NEW IPHONE CASE, BIG SALE TODAY, MAX LEVEL");
  }

  @Test
  public void everydayRequests_stay() {
    assertUntouched("can you make 4 product shots of my handmade soy candle on a marble countertop, 4:5 ratio");
    assertUntouched("2 place settings, 3 route options, I drove 5 miles on the road, via email please");
    assertUntouched("Route 66 road trip, 5 Park ideas, the 3 Street Fighter games");
    assertUntouched("¡Claro! Aquí tienes 4 opciones nuevas. Gerne! Hier sind 3 neue Varianten.");
    assertUntouched("");
  }
}
