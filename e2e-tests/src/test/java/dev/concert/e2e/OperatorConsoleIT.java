package dev.concert.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console (queue-service, {@code /console} on its management port) in a real browser against the
 * whole stack: a room with fans waiting and being admitted, paused and resumed by clicks, the figures on the page
 * following within seconds. Headless Chromium and chromedriver are Debian's (scripts/browser.sh installs them;
 * scripts/test.sh runs it), named by path so that Selenium never tries to download a driver.
 */
class OperatorConsoleIT {

    private static final Api api = LocalStack.api();
    private static final String ADMIN_KEY = "local-admin-key";
    /** queue-service's first instance: its management port (API port + 1000), which the gateway never routes. */
    private static final String CONSOLE = "http://127.0.0.1:" + (8081 + LocalStack.OFFSET + 1000) + "/console";
    private static final String QUEUE_API = "http://127.0.0.1:" + (8081 + LocalStack.OFFSET);
    private static final Path ARTIFACTS = Path.of("target", "operator-console");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private static final int FANS = 20;

    private static WebDriver browser;
    private static Path profile;
    /** The test's room and its fans: given back to the stack's defaults afterwards, for the tests that follow. */
    private static String roomUnderTest;
    private static final List<Fan> fansInRoom = new ArrayList<>();

    @BeforeAll
    static void startStackAndBrowser() throws IOException {
        LocalStack.ensureStarted();
        File chromium = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        if (!chromium.canExecute() || !driver.canExecute()) {
            throw new IllegalStateException("no /usr/bin/chromium or /usr/bin/chromedriver: run scripts/browser.sh");
        }
        profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // without the background-networking flags Chromium phones home, and this machine refuses those connections
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1900,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(ARTIFACTS);
    }

    @AfterAll
    static void emptyTheRoom() {
        fansInRoom.forEach(fan -> api.delete("/api/v1/queue/tokens/me", fan.inQueue()));
        if (roomUnderTest != null) {
            api.postTo(QUEUE_API + "/admin/rooms/" + roomUnderTest + "/resume", Map.of("X-Admin-Key", ADMIN_KEY),
                    Map.of());
            // its sale is closed by then (not listed, no newcomers); the stack's own settings all the same
            put(QUEUE_API + "/admin/rooms/" + roomUnderTest, "{\"capacity\":" + LocalStack.ACTIVE_CAPACITY
                    + ",\"admissionsPerSecond\":" + 2 * LocalStack.ACTIVE_CAPACITY + "}");
        }
    }

    private static Api.Reply put(String url, String json) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("X-Admin-Key", ADMIN_KEY).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Reply(response.statusCode(), null, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void pausing_a_room_in_the_browser_brings_its_admission_rate_to_zero_within_seconds_and_resuming_restarts_it()
            throws Exception {
        String room = newScheduleOpeningAt(Instant.now().plusSeconds(2));
        awaitRoom(room);
        roomUnderTest = room;

        // the console, signed in with the admin key (the page holds nothing before)
        browser.get(CONSOLE);
        assertThat(browser.findElement(By.id("console")).isDisplayed()).isFalse();
        browser.findElement(By.id("admin-key")).sendKeys(ADMIN_KEY);
        browser.findElement(By.id("operator-name")).sendKeys("OperatorConsoleIT");
        browser.findElement(By.id("sign-in-button")).click();
        WebElement row = until(Duration.ofSeconds(15), () ->
                browser.findElements(By.cssSelector("tr[data-room='" + room + "']")).stream().findFirst()
                        .orElse(null));

        // a slow, steady admission in a room big enough for everyone: set in the console itself
        row.findElement(By.cssSelector("input[data-input='capacity']")).sendKeys("100");
        // slow enough that fans still wait when the pause comes, however long the purchases before it take
        row.findElement(By.cssSelector("input[data-input='rate']")).sendKeys("0.25");
        row.findElement(By.cssSelector("button[data-action='settings']")).click();
        until(Duration.ofSeconds(10), () -> field(room, "admissionsPerSecond").equals("0.25")
                && field(room, "active").endsWith("/ 100") ? true : null);

        List<Fan> fans = joinFans(room, FANS);
        until(Duration.ofSeconds(30), () -> number(room, "admittedRecently") >= 2 && number(room, "waiting") > 0
                && number(room, "waiting") + activeCount(room) == FANS ? true : null);
        // the first fans admitted hold a seat and one of them pays: the saga's figures on the page move too
        buyAsTheAdmitted(fans);
        until(Duration.ofSeconds(30), () -> !browser.findElements(
                By.cssSelector("#payments tr[data-key='completed']")).isEmpty() ? true : null);
        // the other services' figures are there too (reachable, not marked unreachable)
        until(Duration.ofSeconds(15), () -> !browser.findElements(By.cssSelector("#flow tr[data-key='holds']"))
                .isEmpty() && !browser.findElements(By.cssSelector("#lag tr[data-key]")).isEmpty() ? true : null);
        assertThat(browser.findElement(By.id("instances-trouble")).getText()).isEmpty();
        assertThat(Long.parseLong(browser.findElements(By.cssSelector("#flow tr[data-key='holds'] td")).get(2)
                .getText())).as("holds in total").isPositive();
        assertThat(browser.findElements(By.cssSelector("#parked .unreachable"))).isEmpty();
        String before = figures(room);
        screenshot("1-admitting.png");

        row.findElement(By.cssSelector("button[data-action='pause']")).click();
        Instant clicked = Instant.now();
        until(Duration.ofSeconds(20), () -> number(room, "admittedRecently") == 0
                && field(room, "state").equals("paused") ? true : null);
        Duration toZero = Duration.between(clicked, Instant.now());
        long waitingWhenPaused = number(room, "waiting");
        assertThat(waitingWhenPaused).as("fans still waiting at the pause (else the resume cannot show admissions)")
                .isPositive();
        String paused = figures(room);
        screenshot("2-paused.png");
        Thread.sleep(3000);
        assertThat(number(room, "waiting")).as("nobody is admitted while paused").isEqualTo(waitingWhenPaused);
        assertThat(number(room, "admittedRecently")).isZero();
        assertThat(toZero).as("the admission rate shows 0 within seconds of the pause")
                .isLessThanOrEqualTo(Duration.ofSeconds(15)); // the 10-s window, the page's 1.5-s poll, a busy machine

        row.findElement(By.cssSelector("button[data-action='resume']")).click();
        until(Duration.ofSeconds(20), () -> number(room, "admittedRecently") > 0
                && field(room, "state").equals("admitting") ? true : null);
        String resumed = figures(room);
        screenshot("3-resumed.png");

        // the sale's controls go to concert-service: an open sale reopened is its answer, shown as it came
        String afterResume = message();
        row.findElement(By.cssSelector("button[data-action='reopen-sale']")).click();
        String reopenAnswer = until(Duration.ofSeconds(10), () -> message().equals(afterResume) ? null : message());
        row.findElement(By.cssSelector("button[data-action='close-sale']")).click();
        browser.switchTo().alert().accept();
        String closeAnswer = until(Duration.ofSeconds(10), () -> message().equals(reopenAnswer) ? null : message());
        assertThat(closeAnswer).isEqualTo("sale closed: " + room);
        // the room follows the closed sale (concert-service's event): paused for good, newcomers refused
        until(Duration.ofSeconds(20), () -> field(room, "state").equals("sale closed") ? true : null);
        screenshot("4-sale-closed.png");

        Files.writeString(ARTIFACTS.resolve("figures.txt"), String.join("\n",
                "before the pause: " + before, "paused (" + toZero.toMillis() + " ms after the click): " + paused,
                "resumed: " + resumed, "reopen of an open sale: " + reopenAnswer, "close: " + closeAnswer,
                "after the close: " + figures(room), ""));
        System.out.println("operator console: before " + before + "; paused after " + toZero.toMillis() + " ms: "
                + paused + "; resumed: " + resumed);
    }

    @Test
    void the_console_answers_on_queue_service_s_management_port_only() throws Exception {
        assertThat(get(CONSOLE, Map.of()).statusCode()).isEqualTo(200);
        assertThat(get(QUEUE_API + "/console", Map.of()).statusCode()).as("queue-service's API port").isEqualTo(404);
        assertThat(get(LocalStack.GATEWAY + "/console", Map.of()).statusCode()).as("through the gateway")
                .isEqualTo(404);
        assertThat(get(LocalStack.GATEWAY + "/console/api/overview", Map.of("X-Admin-Key", ADMIN_KEY)).statusCode())
                .as("through the gateway").isEqualTo(404);

        HttpResponse<String> withoutKey = get(CONSOLE + "/api/overview", Map.of());
        assertThat(withoutKey.statusCode()).isEqualTo(401);
        assertThat(withoutKey.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> overview = get(CONSOLE + "/api/overview", Map.of("X-Admin-Key", ADMIN_KEY));
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("\"rooms\"").contains("\"lag\"").contains("reservation-service");
    }

    private static String newScheduleOpeningAt(Instant saleOpensAt) {
        String concertService = "http://127.0.0.1:" + (8082 + LocalStack.OFFSET);
        Map<String, String> admin = Map.of("X-Admin-Key", ADMIN_KEY);
        Api.Reply concert = api.postTo(concertService + "/admin/v1/concerts", admin,
                Map.of("title", "Console " + UUID.randomUUID(), "venue", "E2E Hall"));
        assertThat(concert.status()).as(concert.toString()).isEqualTo(201);
        Api.Reply schedule = api.postTo(concertService + "/admin/v1/concerts/" + concert.body().path("concertId")
                .asString() + "/schedules", admin, Map.of("startsAt", Instant.now().plus(Duration.ofDays(20))
                .toString(), "saleOpensAt", saleOpensAt.toString()));
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(201);
        return schedule.body().path("scheduleId").asString();
    }

    /** The room follows the catalog by events: it exists a moment after the schedule does. */
    private static void awaitRoom(String room) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() ->
                get(QUEUE_API + "/admin/rooms/" + room, Map.of("X-Admin-Key", ADMIN_KEY)).statusCode() == 200);
    }

    /** New accounts, signed in, each with a place in the room (a few at once: sign-in is the slow part). */
    private static List<Fan> joinFans(String room, int count) throws Exception {
        List<Fan> fans = new ArrayList<>();
        try (ExecutorService joining = Executors.newFixedThreadPool(4)) {
            List<Future<Fan>> joined = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                joined.add(joining.submit(() -> {
                    Fan fan = api.newFan();
                    Api.Reply issued = api.issueQueueToken(fan, room);
                    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
                    fan.room(room);
                    return fan;
                }));
            }
            for (Future<Fan> fan : joined) {
                fans.add(fan.get());
                fansInRoom.add(fans.getLast());
            }
        }
        return fans;
    }

    /** Every ACTIVE fan holds a seat; the first of them charges the price and pays. */
    private static void buyAsTheAdmitted(List<Fan> fans) {
        boolean paid = false;
        // the seat map may be up to 500 ms old (reservation.seat-map.max-age): a seat held here just now can still show
        // AVAILABLE, so each fan takes one this test has not taken yet
        Set<String> taken = new HashSet<>();
        for (Fan fan : fans) {
            if (!"ACTIVE".equals(api.get("/api/v1/queue/status", fan.inQueue()).body().path("status").asString())) {
                continue;
            }
            Api.Reply seats = api.get("/api/v1/schedules/" + fan.room() + "/seats", fan.inQueue());
            assertThat(seats.status()).as(seats.toString()).isEqualTo(200);
            var seat = seats.body().path("seats").valueStream()
                    .filter(s -> "AVAILABLE".equals(s.path("status").asString()))
                    .filter(s -> !taken.contains(s.path("seatId").asString())).findFirst().orElseThrow();
            taken.add(seat.path("seatId").asString());
            Api.Reply held = api.post("/api/v1/reservations", fan.inQueue(),
                    Map.of("scheduleId", fan.room(), "seatId", seat.path("seatId").asString()));
            assertThat(held.status()).as(held.toString()).isEqualTo(201);
            if (!paid) {
                Api.Reply charged = api.postIdempotent("/api/v1/users/me/wallet/charges", fan.signedIn(),
                        Map.of("amount", held.body().path("price").asLong()));
                assertThat(charged.status()).as(charged.toString()).isBetween(200, 201);
                Api.Reply payment = api.postIdempotent("/api/v1/payments", fan.inQueue(),
                        Map.of("reservationId", held.body().path("reservationId").asString()));
                assertThat(payment.status()).as(payment.toString()).isIn(200, 201, 202);
                paid = true;
            }
        }
        assertThat(paid).as("an admitted fan paid").isTrue();
    }

    private static long activeCount(String room) {
        return Long.parseLong(field(room, "active").split(" ")[0]);
    }

    private static String message() {
        return browser.findElement(By.id("message")).getText().strip();
    }

    private static String field(String room, String name) {
        return browser.findElement(By.cssSelector("tr[data-room='" + room + "'] td[data-field='" + name + "']"))
                .getText().strip();
    }

    private static long number(String room, String name) {
        String text = field(room, name);
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }

    /** The row as an operator reads it. */
    private static String figures(String room) {
        return "state=" + field(room, "state") + " pre-queue=" + field(room, "preQueue") + " waiting="
                + field(room, "waiting") + " active=" + field(room, "active") + " admittedLast10s="
                + field(room, "admittedRecently") + " admittedPerMinute=" + field(room, "admittedPerMinute")
                + " rate=" + field(room, "admissionsPerSecond") + " etaLastInLine=" + field(room, "eta");
    }

    /** The whole page, not just the window: the rooms and, below them, the saga's figures, parked records, lag. */
    private static void screenshot(String name) throws IOException {
        Object height = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight");
        // the window's own frame takes part of its height: leave room for it
        browser.manage().window().setSize(new Dimension(1900, Math.max(1000, ((Number) height).intValue() + 200)));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), ARTIFACTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static <T> T until(Duration timeout, java.util.function.Supplier<T> condition) {
        return new WebDriverWait(browser, timeout, Duration.ofMillis(250))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(driver -> condition.get());
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
