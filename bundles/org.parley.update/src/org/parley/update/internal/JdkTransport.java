package org.parley.update.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.equinox.internal.p2.repository.AuthenticationFailedException;
import org.eclipse.equinox.internal.p2.repository.Transport;
import org.eclipse.equinox.p2.core.ProvisionException;

/**
 * How p2 reads update sites here: {@code file:} from the disk, {@code http:} and {@code https:} with the
 * JDK's HTTP client (proxies from the JVM's {@code http.proxyHost}/{@code https.proxyHost} settings).
 * It replaces p2's ECF transport, which would bring a dozen bundles more.
 */
final class JdkTransport extends Transport {

    private static final String ID = "org.parley.update";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public IStatus download(URI source, OutputStream target, IProgressMonitor monitor) {
        try (InputStream in = stream(source, monitor)) {
            in.transferTo(target);
            return Status.OK_STATUS;
        } catch (FileNotFoundException notThere) {
            return new Status(IStatus.ERROR, ID, ProvisionException.ARTIFACT_NOT_FOUND,
                    "Not found: " + source, notThere);
        } catch (IOException | CoreException failed) {
            return new Status(IStatus.ERROR, ID, ProvisionException.REPOSITORY_FAILED_READ,
                    "Could not read " + source + ": " + failed.getMessage(), failed);
        }
    }

    @Override
    public InputStream stream(URI source, IProgressMonitor monitor)
            throws FileNotFoundException, CoreException, AuthenticationFailedException {
        try {
            return switch (scheme(source)) {
                case "file" -> Files.newInputStream(Path.of(source));
                case "http", "https" -> {
                    HttpResponse<InputStream> response = http.send(request(source).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() / 100 != 2) {
                        response.body().close();
                    }
                    check(source, response.statusCode());
                    yield response.body();
                }
                default -> source.toURL().openStream();
            };
        } catch (NoSuchFileException | FileNotFoundException notThere) {
            throw new FileNotFoundException(source.toString());
        } catch (IOException failed) {
            throw failure(source, failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure(source, interrupted);
        }
    }

    @Override
    public long getLastModified(URI source, IProgressMonitor monitor)
            throws CoreException, FileNotFoundException, AuthenticationFailedException {
        try {
            return switch (scheme(source)) {
                case "file" -> Files.getLastModifiedTime(Path.of(source)).toMillis();
                case "http", "https" -> {
                    HttpResponse<Void> response = http.send(
                            request(source).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.discarding());
                    check(source, response.statusCode());
                    yield response.headers().firstValue("Last-Modified").map(JdkTransport::httpDate).orElse(0L);
                }
                default -> source.toURL().openConnection().getLastModified();
            };
        } catch (NoSuchFileException | FileNotFoundException notThere) {
            throw new FileNotFoundException(source.toString());
        } catch (IOException failed) {
            throw failure(source, failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure(source, interrupted);
        }
    }

    private static String scheme(URI source) {
        return source.getScheme() == null ? "file" : source.getScheme().toLowerCase(Locale.ROOT);
    }

    private static HttpRequest.Builder request(URI source) {
        return HttpRequest.newBuilder(source).timeout(TIMEOUT).header("User-Agent", "Parley p2");
    }

    private static void check(URI source, int status) throws FileNotFoundException, AuthenticationFailedException,
            CoreException {
        if (status == 404 || status == 410) {
            throw new FileNotFoundException(source.toString());
        }
        if (status == 401 || status == 403) {
            throw new AuthenticationFailedException();
        }
        if (status / 100 != 2) {
            throw new CoreException(new Status(IStatus.ERROR, ID, ProvisionException.REPOSITORY_FAILED_READ,
                    "The server answered " + status + " for " + source, null));
        }
    }

    private static long httpDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException unreadable) {
            return 0;
        }
    }

    private static CoreException failure(URI source, Exception cause) {
        return new CoreException(new Status(IStatus.ERROR, ID, ProvisionException.REPOSITORY_FAILED_READ,
                "Could not read " + source + ": " + cause.getMessage(), cause));
    }
}
