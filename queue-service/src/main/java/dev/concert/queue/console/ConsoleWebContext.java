package dev.concert.queue.console;

import dev.concert.platform.admin.AdminKey;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The console's page and JSON, served by the management server only (queue-service's {@code MANAGEMENT_PORT}, which
 * the gateway never routes), never by the API port.
 * <p>
 * How: Spring Boot builds the management server as a child context of the application from the classes listed in
 * {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports}
 * (ManagementContextConfigurationImportSelector); this class is listed there. It is deliberately <em>not</em>
 * annotated {@code @ManagementContextConfiguration}: that annotation is a {@code @Configuration}, and the
 * application's component scan (all of {@code dev.concert.queue}) would then also load it into the application
 * context and put the console on the API port. A listed class without the annotation counts as
 * {@code ManagementContextType.ANY}: imported into the child context when the management port differs, and into the
 * application context when both share one port, which {@link ConditionalOnManagementPort} here refuses. The routes
 * are functional ({@link RouterFunction}), so no {@code @Controller} class exists for the scan to pick up either; the
 * child context's {@code @EnableWebMvc} serves them (its RouterFunctionMapping sees only its own context's routes).
 * The page's files are under {@code classpath:console/}, outside the static locations the API port serves.
 */
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
// only in queue-service itself: another app with queue-service's jar on its classpath (the gateway's tests) reads the
// same imports file, and has neither the console nor a servlet management server
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(OperatorConsole.class)
public class ConsoleWebContext {

    @Bean
    RouterFunction<ServerResponse> operatorConsoleRoutes(OperatorConsole console, RoomControls rooms,
                                                         SaleControls sales, ParkedRecords parked,
                                                         @Value("${queue.admin.key:}") String adminKey) {
        return new ConsoleApi(console, rooms, sales, parked,
                new AdminKey("ADMIN_KEY (queue.admin.key)", adminKey)).routes();
    }
}
